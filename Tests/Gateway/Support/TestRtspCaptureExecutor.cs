using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Requests;
using IngestionCluster.Grains.Requests;
using IngestionCluster.Tests.Grains;

namespace IngestionCluster.Tests.Gateway.Support;

/// <summary>
/// Test double for the RTSP capture component, which lands separately: it "captures" ffmpeg-made JPEGs
/// instead of reading a stream. URLs whose host is <see cref="FailingHost"/> fail like an unreachable camera.
/// </summary>
internal sealed class TestRtspCaptureExecutor : IRtspCaptureExecutor
{
    public const string FailingHost = "unreachable.test";

    /// <summary>What the double reports as the probed stream: the size of its sample JPEGs.</summary>
    public static VideoStreamInfo Stream { get; } = new("mjpeg", 640, 480, 25);

    public Task<IDisposable> WaitForSlotAsync(CancellationToken cancellationToken) => FreeCaptureSlot.Granted;

    public async Task<RtspCaptureResult> CaptureAsync(
        string rtspUrl, RtspCaptureMode mode, int frames, TimeSpan duration, double fps, CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (new Uri(rtspUrl).Host == FailingHost)
        {
            throw new RtspCaptureException($"Could not connect to {FailingHost}: connection refused.");
        }
        var count = mode switch
        {
            RtspCaptureMode.SingleFrame => 1,
            RtspCaptureMode.Burst => frames,
            _ => Math.Max(1, (int)Math.Ceiling(duration.TotalSeconds * fps)),
        };
        var samples = SharedJpegs.Samples.StaticScene;
        var start = DateTimeOffset.UtcNow;
        return new RtspCaptureResult([.. Enumerable.Range(0, count).Select(i => new CapturedFrame(samples[i % samples.Count], start + TimeSpan.FromSeconds(i / fps)))], Stream);
    }
}
