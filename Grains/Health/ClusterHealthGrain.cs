using IngestionCluster.Grains.Abstractions.Health;
using IngestionCluster.Storage.Database;
using IngestionCluster.Storage.Staging;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace IngestionCluster.Grains.Health;

/// <summary>Answers a gateway's readiness probe from the silo it reached: the database and the chunk staging store, checked now.</summary>
[StatelessWorker]
public sealed class ClusterHealthGrain(IngestDatabase database, IChunkStaging staging, ILocalSiloDetails silo) : Grain, IClusterHealthGrain
{
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(5);

    public async Task<SiloHealthReport> Check()
    {
        var checks = new Dictionary<string, string?>
        {
            ["database"] = await ProblemOf(database.CheckHealthAsync),
            ["staging"] = await ProblemOf(staging.CheckHealthAsync),
        };
        return new SiloHealthReport(silo.Name, checks);
    }

    private static async Task<string?> ProblemOf(Func<CancellationToken, Task> check)
    {
        using var timeout = new CancellationTokenSource(_timeout);
        try
        {
            await check(timeout.Token);
            return null;
        }
        catch (Exception e)
        {
            return e is OperationCanceledException ? $"no answer within {_timeout.TotalSeconds} s" : e.Message;
        }
    }
}
