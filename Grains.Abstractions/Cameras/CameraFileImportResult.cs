using Orleans;

namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>What one import of a camera file did with each of its cameras.</summary>
[GenerateSerializer, Alias("ic.CameraFileImportResult")]
public sealed record CameraFileImportResult(
    [Id(0)] IReadOnlyList<string> Registered,
    [Id(1)] IReadOnlyList<string> Unchanged,
    [Id(2)] IReadOnlyList<CameraFileRefusal> Refused);
