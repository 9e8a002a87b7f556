namespace IngestionCluster.Gateway.Mqtt.Bridge;

/// <summary>A camera grain answered that the chunk is not durable yet; the bridge tries again and does not acknowledge.</summary>
public sealed class ChunkNotTakenException(string cameraId, string outcome) : Exception($"camera '{cameraId}' did not take the chunk ({outcome})");
