using Orleans;

namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>A pushed frame is not an acceptable JPEG (bad magic bytes, truncated, too large).</summary>
[GenerateSerializer, Alias("ic.InvalidFrameException")]
public sealed class InvalidFrameException(string message) : Exception(message);
