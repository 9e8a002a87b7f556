using IngestionCluster.Grains.Abstractions.Cameras;

namespace IngestionCluster.Grains.Cameras;

/// <summary>One push the camera took: its frame as taken, and its answer once the frame was stored and announced.</summary>
internal sealed class RecentPush(DateTimeOffset timestamp, byte[] jpeg, TakenFrame taken)
{
    public DateTimeOffset Timestamp { get; } = timestamp;

    public byte[] Jpeg { get; } = jpeg;

    public TakenFrame Taken { get; } = taken;

    public FramePushResult? Answer { get; set; }
}
