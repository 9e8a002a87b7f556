namespace IngestionCluster.Tests.Storage.Orleans;

/// <summary>A grain whose only job is to keep a value in Orleans grain storage (the project's ADO.NET schema).</summary>
[Alias("tests.IStateProbeGrain")]
public interface IStateProbeGrain : IGrainWithStringKey
{
    [Alias("Set")]
    Task Set(string value);

    [Alias("Get")]
    Task<string?> Get();
}
