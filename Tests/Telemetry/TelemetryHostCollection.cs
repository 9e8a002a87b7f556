namespace IngestionCluster.Tests.Telemetry;

/// <summary>
/// The HTTP instruments are static, so every host in the process records on them; the host tests run
/// one after another so that the deltas they assert on their own routes are theirs alone.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TelemetryHostCollection
{
    public const string Name = "Telemetry hosts";
}
