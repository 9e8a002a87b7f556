using Orleans;

namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>
/// What one import of a camera file did with each of its cameras: registered, left alone (imported before as it is
/// now), refused for good (its registration breaks a rule), or failed for now (storage; the next import tries again).
/// </summary>
[GenerateSerializer, Alias("ic.CameraFileImportResult")]
public sealed record CameraFileImportResult(
    [Id(0)] IReadOnlyList<string> Registered,
    [Id(1)] IReadOnlyList<string> Unchanged,
    [Id(2)] IReadOnlyList<CameraFileRefusal> Refused,
    [Id(3)] IReadOnlyList<CameraFileRefusal> Failed);
