using IngestionCluster.Runtime;

namespace IngestionCluster.Tests.Runtime.TestGrains;

/// <summary>Records every message it gets in a table, to check at-least-once delivery across failures.</summary>
public interface IRecorderGrain : IGrainWithStringKey
{
    /// <summary>Acknowledged when the turn ends.</summary>
    [OneWay]
    Task Record(int sequence);

    /// <summary>Acknowledged only after a batch is written (deferred acknowledgement).</summary>
    [OneWay]
    Task Collect(int sequence);

    Task<string> Where();
}

/// <summary>A one-way method that always throws: its message must end in the dead-letter queue.</summary>
public interface IPoisonGrain : IGrainWithStringKey
{
    [OneWay]
    Task Explode();

    Task<string> Ping();
}
