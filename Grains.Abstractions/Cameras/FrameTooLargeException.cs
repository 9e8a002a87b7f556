using Orleans;

namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>A pushed frame is larger than the silos take (<c>Ingest__MaxFrameBytes</c>), though the gateway's own limit let it through.</summary>
[GenerateSerializer, Alias("ic.FrameTooLargeException")]
public sealed class FrameTooLargeException(string message) : Exception(message);
