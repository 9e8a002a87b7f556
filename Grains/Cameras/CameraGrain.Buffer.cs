using IngestionCluster.Grains.Abstractions.Cameras;

namespace IngestionCluster.Grains.Cameras;

/// <summary>What the operator UI reads of a camera besides its info: the ring buffer's frames and the last hour of motion.</summary>
public sealed partial class CameraGrain
{
    private MotionHistory? _history;

    private MotionHistory History => _history ??= new MotionHistory(clock.GetUtcNow());

    public Task<IReadOnlyList<BufferedFrame>> GetBufferedFrames()
    {
        IReadOnlyList<BufferedFrame> frames = [.. _frames.Frames().Select(frame => new BufferedFrame(frame.Sequence, frame.Timestamp, frame.Jpeg.Length))];
        return Task.FromResult(frames);
    }

    public Task<LatestFrame?> GetBufferedFrame(long sequence) => Task.FromResult(_frames.Find(sequence));

    public Task<MotionTimeline> GetMotionTimeline()
    {
        _ = Registration ?? throw NotFound();
        return Task.FromResult(History.Snapshot(clock.GetUtcNow()));
    }
}
