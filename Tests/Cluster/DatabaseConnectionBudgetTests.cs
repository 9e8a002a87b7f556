using IngestionCluster.Tests.Processes;
using Npgsql;

namespace IngestionCluster.Tests.Cluster;

/// <summary><c>Db__MaxPoolSize</c> bounds a silo's PostgreSQL connections, whatever the load: operators size <c>max_connections</c> by it.</summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class DatabaseConnectionBudgetTests
{
    private const int Budget = 4;

    [Fact]
    public async Task A_busy_silo_holds_no_more_postgresql_connections_than_db_max_pool_size()
    {
        var settings = await ClusterSettings.CreateAsync("pgbudget");
        settings["Db__MaxPoolSize"] = $"{Budget}";
        await using var cluster = await ProcessCluster.StartAsync("pgbudget", silos: 1, gateways: 1, settings);
        using var gateway = ClusterHttp.For(cluster.Gateways[0]);

        // New cameras pushing at once: each registration writes a row (the metadata pool) and grain state (Orleans' pool).
        var cameras = Enumerable.Range(0, 48).Select(i => $"budget-{i:D2}").ToArray();
        var sequences = await Task.WhenAll(cameras.Select(camera => ClusterHttp.PushAsync(gateway, camera)));
        var peak = await ConnectionsAsync(settings["Db__ConnectionString"]);
        await Task.WhenAll(cameras.Select(camera => ClusterHttp.PushAsync(gateway, camera)));
        peak = Math.Max(peak, await ConnectionsAsync(settings["Db__ConnectionString"]));

        Assert.All(sequences, sequence => Assert.True(sequence > 0));
        // Pooled connections stay open once opened, so the count after the load is the most the pools held.
        Assert.InRange(peak, 2, Budget);
    }

    private static async Task<long> ConnectionsAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var admin = new NpgsqlConnection(connectionString);
        await admin.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = @db AND pid <> pg_backend_pid()", admin);
        count.Parameters.AddWithValue("db", database!);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
