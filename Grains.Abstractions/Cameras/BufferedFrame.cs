using Orleans;

namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>A frame held in a camera's ring buffer, without its bytes: what a list of the buffer shows.</summary>
/// <param name="Sequence">The frame's sequence number (never reused by the camera).</param>
/// <param name="Timestamp">The frame's time (the camera's, or the silo's on arrival).</param>
/// <param name="SizeBytes">Size of the JPEG.</param>
[GenerateSerializer, Alias("ic.BufferedFrame")]
public sealed record BufferedFrame([Id(0)] long Sequence, [Id(1)] DateTimeOffset Timestamp, [Id(2)] int SizeBytes);
