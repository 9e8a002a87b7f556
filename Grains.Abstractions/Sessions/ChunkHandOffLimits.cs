using IngestionCluster.Grains.Abstractions.Cameras;

namespace IngestionCluster.Grains.Abstractions.Sessions;

/// <summary>How many MQTT chunks one <see cref="ICameraGrain.ReceiveChunks"/> call may hand over.</summary>
public static class ChunkHandOffLimits
{
    /// <summary>
    /// Enough for a camera's whole image in the usual 10-30 chunks. A camera remembers the packet identifiers of more
    /// chunks than one hand-off holds, so a hand-off retried whole after its answer was lost is recognised whole; a
    /// larger call is refused.
    /// </summary>
    public const int MaxChunks = 32;
}
