using System.Collections.Concurrent;
using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Rtsp;

namespace IngestionCluster.Tests.Rtsp.Support;

/// <summary>The handlers of a capture loop, recording frames, status changes and probed streams for assertions.</summary>
internal sealed class CaptureRecorder
{
    private readonly TimeSpan _handlerDelay;

    public CaptureRecorder(TimeSpan handlerDelay = default) => _handlerDelay = handlerDelay;

    public ConcurrentQueue<RtspFrame> Frames { get; } = new();

    public ConcurrentQueue<RtspCaptureStatusChange> Changes { get; } = new();

    /// <summary>Each probed stream with the statuses and the number of frames delivered before it.</summary>
    public ConcurrentQueue<(VideoStreamInfo Stream, IReadOnlyList<CaptureStatus> StatusesBefore, int FramesBefore)> Streams { get; } = new();

    public IReadOnlyList<CaptureStatus> Statuses => [.. Changes.Select(c => c.Status)];

    public int CountOf(CaptureStatus status) => Changes.Count(c => c.Status == status);

    public async ValueTask OnFrame(RtspFrame frame, CancellationToken cancellationToken)
    {
        Frames.Enqueue(frame);
        if (_handlerDelay > TimeSpan.Zero)
        {
            await Task.Delay(_handlerDelay, cancellationToken);
        }
    }

    public ValueTask OnStatus(RtspCaptureStatusChange change, CancellationToken cancellationToken)
    {
        Changes.Enqueue(change);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnStream(VideoStreamInfo stream, CancellationToken cancellationToken)
    {
        Streams.Enqueue((stream, Statuses, Frames.Count));
        return ValueTask.CompletedTask;
    }

    public Task WaitForStatusAsync(CaptureStatus status, int count, TimeSpan timeout) =>
        Eventually.TrueAsync(() => CountOf(status) >= count, timeout, $"status {status} reported {count} time(s); saw [{string.Join(", ", Statuses)}]");

    public Task WaitForFramesAsync(int count, TimeSpan timeout) =>
        Eventually.TrueAsync(() => Frames.Count >= count, timeout, $"{count} frames delivered; got {Frames.Count}");
}
