using Orleans;

namespace IngestionCluster.Grains.Abstractions.Sessions;

/// <summary>What forgetting a capture's processed mark did.</summary>
/// <param name="WasProcessed">The capture had been stored (or gone stale) and is now forgotten.</param>
/// <param name="StagedChunksDropped">Chunks of an unfinished capture that were dropped.</param>
/// <param name="DeletedImageId">The stored image deleted with it, when asked for.</param>
/// <param name="CameraId">The camera whose capture it was (null from a silo of an earlier version).</param>
[GenerateSerializer, Alias("ic.ReprocessResult")]
public sealed record ReprocessResult([Id(0)] bool WasProcessed, [Id(1)] int StagedChunksDropped, [Id(2)] string? DeletedImageId, [Id(3)] string? CameraId = null);
