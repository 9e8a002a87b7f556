using IngestionCluster.Runtime;

namespace IngestionCluster.Grains.Abstractions.Sessions;

/// <summary>
/// Collects the chunks of one capture (key <c>{cameraId}/{sessionId}</c>, placed with its camera).
/// Every chunk's message stays unacknowledged until the assembled image is durable.
/// </summary>
[PlacementKeyPrefix('/')]
[GrainKeyLogName("capture_session")]
public interface ICaptureSessionGrain : IGrainWithStringKey
{
    [OneWay]
    Task AddChunk(ImageChunk chunk);

    Task<SessionStatus> GetStatus();
}
