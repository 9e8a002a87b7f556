using IngestionCluster.Runtime;
using IngestionCluster.Runtime.Testing;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Runtime.TestGrains;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace IngestionCluster.Tests.Runtime;

/// <summary>State, idle collection, timers, reminders and deferred acknowledgements.</summary>
public sealed class GrainLifecycleTests
{
    [Theory]
    [InlineData(TestTransport.InMemory)]
    [InlineData(TestTransport.RabbitMq)]
    public async Task State_survives_deactivation(TestTransport transport)
    {
        var ledger = new ActivationLedger();
        await using var cluster = await RuntimeTestClusters.StartAsync(transport, ledger: ledger);
        var counter = cluster.Client.GetGrain<ICounterGrain>("persisted");
        for (var i = 0; i < 3; i++)
        {
            await counter.IncrementAndSave();
        }

        await counter.Deactivate();
        await Eventually.TrueAsync(() => ledger.LiveCount("persisted") == 0, TimeSpan.FromSeconds(10), "the grain deactivates");

        Assert.Equal(3, await counter.Get());
        Assert.Equal(2, await counter.GetActivationCount());
    }

    [Fact]
    public async Task State_survives_a_restart_of_every_silo()
    {
        var postgres = await TestServers.Postgres;
        var database = await postgres.CreateDatabaseAsync("restart");
        await using (var first = await RuntimeTestClusters.StartAsync(TestTransport.InMemory, configure: o => o.PostgresConnectionString = database))
        {
            var counter = first.Client.GetGrain<ICounterGrain>("survivor");
            await counter.IncrementAndSave();
            await counter.IncrementAndSave();
        }

        await using var second = await RuntimeTestClusters.StartAsync(TestTransport.InMemory, configure: o => o.PostgresConnectionString = database);
        Assert.Equal(2, await second.Client.GetGrain<ICounterGrain>("survivor").Get());
    }

    [Fact]
    public async Task A_stale_etag_fails_the_write_and_deactivates_the_activation()
    {
        var postgres = await TestServers.Postgres;
        var database = await postgres.CreateDatabaseAsync("etag");
        var ledger = new ActivationLedger();
        await using var cluster = await RuntimeTestClusters.StartAsync(TestTransport.InMemory, ledger: ledger, configure: o => o.PostgresConnectionString = database);
        var counter = cluster.Client.GetGrain<ICounterGrain>("contended");
        Assert.Equal(1, await counter.IncrementAndSave());

        // Another writer moves the stored record on: this activation's etag is stale now.
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var tamper = new NpgsqlCommand(
                "UPDATE runtime_grain_state SET etag = 'someone-else', data = jsonb_set(data, '{Count}', '100') WHERE grain_key = 'contended'", connection);
            Assert.Equal(1, await tamper.ExecuteNonQueryAsync());
        }

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => counter.IncrementAndSave());
        Assert.Contains("etag", conflict.Message, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => ledger.LiveCount("contended") == 0, TimeSpan.FromSeconds(10), "the stale activation deactivates");
        // A fresh activation reads what the other writer stored.
        Assert.Equal(101, await counter.IncrementAndSave());
    }

    [Fact]
    public async Task Idle_activations_are_collected()
    {
        var ledger = new ActivationLedger();
        await using var cluster = await RuntimeTestClusters.StartAsync(TestTransport.InMemory, ledger: ledger, configure: o =>
        {
            o.Cluster.IdleDeactivationAge = TimeSpan.FromMilliseconds(400);
            o.Cluster.CollectionInterval = TimeSpan.FromMilliseconds(100);
        });
        var counter = cluster.Client.GetGrain<ICounterGrain>("idle");
        await counter.Get();
        Assert.Equal(1, ledger.LiveCount("idle"));

        await Eventually.TrueAsync(() => ledger.LiveCount("idle") == 0, TimeSpan.FromSeconds(10), "the idle grain is collected");
        Assert.Equal(2, await counter.GetActivationCount());
    }

    [Fact]
    public async Task Grain_timers_run_as_turns()
    {
        await using var cluster = await RuntimeTestClusters.StartAsync(TestTransport.InMemory);
        var ticker = cluster.Client.GetGrain<ITickerGrain>("timer");
        await ticker.StartTimer(TimeSpan.FromMilliseconds(30));

        // Calls interleave with timer turns; an overlap would throw inside the grain.
        for (var i = 0; i < 30; i++)
        {
            await ticker.Where();
        }
        await Eventually.TrueAsync(async () => await ticker.GetTimerTicks() >= 5, TimeSpan.FromSeconds(10), "the timer ticks");
    }

    [Theory]
    [InlineData(TestTransport.InMemory)]
    [InlineData(TestTransport.RabbitMq)]
    public async Task Reminders_reactivate_their_grain_after_its_silo_dies(TestTransport transport)
    {
        await using var cluster = await RuntimeTestClusters.StartAsync(transport, silos: 2, configure: o =>
            o.Cluster.MinimumReminderPeriod = TimeSpan.FromMilliseconds(100));
        var ticker = cluster.Client.GetGrain<ITickerGrain>("reminded");
        await ticker.StartReminder(TimeSpan.FromMilliseconds(300));
        await Eventually.TrueAsync(async () => await ticker.GetReminderTicks() >= 2, TimeSpan.FromSeconds(10), "the reminder ticks");

        var home = await ticker.Where();
        var victim = cluster.Silos.Single(s => SiloOf(cluster, s) == home);
        cluster.KillSilo(victim);

        // Nobody calls the grain: only the reminder can bring it back on the surviving silo.
        var before = await TicksViaDatabase(cluster, "reminded");
        await Eventually.TrueAsync(async () => await TicksViaDatabase(cluster, "reminded") >= before + 2, TimeSpan.FromSeconds(20), "the reminder keeps firing after failover");
        Assert.NotEqual(home, await ticker.Where());
        await ticker.StopReminder();
    }

    [Theory]
    [InlineData(TestTransport.InMemory)]
    [InlineData(TestTransport.RabbitMq)]
    public async Task Deferred_messages_are_redelivered_after_their_silo_dies(TestTransport transport)
    {
        var postgres = await TestServers.Postgres;
        var records = new RecordsTable(await postgres.CreateDatabaseAsync("deferred"));
        await records.CreateAsync();
        await using var cluster = await RuntimeTestClusters.StartAsync(transport, silos: 2, records: records);
        var recorder = cluster.Client.GetGrain<IRecorderGrain>("collector");
        var home = await recorder.Where();

        // Fewer than a batch: the grain holds them unacknowledged (its flush timer is 1 s away).
        for (var i = 0; i < 3; i++)
        {
            await recorder.Collect(i);
        }
        cluster.KillSilo(cluster.Silos.Single(s => SiloOf(cluster, s) == home));

        await Eventually.TrueAsync(async () => await records.CountAsync("collect") == 3, TimeSpan.FromSeconds(30), "all deferred messages complete");
        Assert.True(await records.CountAsync("collect", onlyRedelivered: true) >= 1, "the messages came back as redeliveries");
    }

    private static string SiloOf(TestCluster cluster, IngestionCluster.Runtime.Hosting.SiloRuntime silo) =>
        cluster.ServicesOf(silo).GetRequiredService<SiloIdentity>().Name;

    private static async Task<int> TicksViaDatabase(TestCluster cluster, string key)
    {
        await using var connection = await cluster.Database.OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM runtime_grain_state WHERE grain_key = @key";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "key";
        parameter.Value = key;
        command.Parameters.Add(parameter);
        var json = await command.ExecuteScalarAsync() as string;
        return json is null ? 0 : System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("ReminderTicks").GetInt32();
    }
}
