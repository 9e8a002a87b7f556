using System.Diagnostics;
using IngestionCluster.Runtime;
using IngestionCluster.Runtime.Hosting;
using IngestionCluster.Runtime.Identity;
using IngestionCluster.Runtime.Testing;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Runtime.Processes;
using IngestionCluster.Tests.Runtime.TestGrains;

namespace IngestionCluster.Tests.Runtime;

[Collection(HeavyTestsCollection.Name)]
public sealed class ClusterResilienceTests
{
    [Fact]
    public async Task Every_grain_has_exactly_one_activation_under_load_across_three_silos()
    {
        var ledger = new ActivationLedger();
        await using var cluster = await RuntimeTestClusters.StartAsync(TestTransport.RabbitMq, silos: 3, ledger: ledger,
            configure: o => o.Cluster.Partitions = 64);
        var second = await cluster.CreateClientAsync();
        const int grains = 1_000;
        const int calls = 20_000;

        var clients = new IGrainFactory[] { cluster.Client, second };
        var answers = await Task.WhenAll(Enumerable.Range(0, calls).Select(i =>
            clients[i % 2].GetGrain<ICounterGrain>($"load-{i % grains}").Increment()));

        Assert.Equal(calls, answers.Length);
        Assert.Equal(0, ledger.MaxConcurrent);
        var perGrain = await Task.WhenAll(Enumerable.Range(0, grains).Select(async g =>
        {
            var counter = cluster.Client.GetGrain<ICounterGrain>($"load-{g}");
            return (Count: await counter.Get(), Activations: await counter.GetActivationCount());
        }));
        Assert.All(perGrain, g => Assert.Equal(calls / grains, g.Count));
        Assert.All(perGrain, g => Assert.Equal(1, g.Activations));
    }

    [Fact]
    public async Task A_joining_silo_takes_a_quarter_of_the_partitions_without_losing_messages()
    {
        var ledger = new ActivationLedger();
        await using var cluster = await RuntimeTestClusters.StartAsync(TestTransport.RabbitMq, silos: 3, ledger: ledger,
            configure: o => o.Cluster.Partitions = 64);
        const int grains = 200;
        const int rounds = 25;

        var load = Task.Run(async () =>
        {
            for (var round = 0; round < rounds; round++)
            {
                await Task.WhenAll(Enumerable.Range(0, grains).Select(g => cluster.Client.GetGrain<ICounterGrain>($"scale-{g}").Add(1)));
                await Task.Delay(40);
            }
        });
        await Task.Delay(300);
        var fourth = await cluster.AddSiloAsync();
        await load;
        await cluster.WaitForStableAsync(TimeSpan.FromSeconds(30));

        Assert.InRange(fourth.ActivePartitions.Count, 8, 26);
        await Eventually.TrueAsync(async () =>
        {
            var counts = await Task.WhenAll(Enumerable.Range(0, grains).Select(g => cluster.Client.GetGrain<ICounterGrain>($"scale-{g}").Get()));
            return counts.All(c => c == rounds);
        }, TimeSpan.FromSeconds(30), "every one-way Add is counted exactly once per grain");
        Assert.Equal(0, ledger.MaxConcurrent);
    }

    [Theory]
    [InlineData(TestTransport.InMemory)]
    [InlineData(TestTransport.RabbitMq)]
    public async Task A_poison_message_is_dead_lettered_and_does_not_block_its_partition(TestTransport transport)
    {
        await using var cluster = await RuntimeTestClusters.StartAsync(transport, configure: o => o.Cluster.DeliveryLimit = 3);
        var poison = cluster.Client.GetGrain<IPoisonGrain>("poisoned");

        await poison.Explode();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("pong", await poison.Ping());
        }

        await Eventually.TrueAsync(async () =>
        {
            var dead = await cluster.Client.ListDeadLettersAsync(100, CancellationToken.None);
            return dead.Any(d => d.Method == nameof(IPoisonGrain.Explode) && d.GrainKey == "poisoned");
        }, TimeSpan.FromSeconds(30), "the poison message reaches the dead-letter queue");
        Assert.Equal("pong", await poison.Ping());
    }

    [Fact]
    public async Task A_killed_silo_process_loses_nothing_and_its_partitions_are_served_again_within_10_seconds()
    {
        var rabbit = await TestServers.RabbitMq;
        var postgres = await TestServers.Postgres;
        var database = await postgres.CreateDatabaseAsync("crash");
        var records = new RecordsTable(database);
        await records.CreateAsync();
        var clusterName = $"crash-{Guid.NewGuid().ToString("N")[..8]}";
        const int partitions = 16;
        var settings = new Dictionary<string, string>
        {
            ["Cluster:Mode"] = "cluster",
            ["Cluster:Name"] = clusterName,
            ["Cluster:Partitions"] = partitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cluster:HeartbeatInterval"] = "00:00:00.500",
            ["Cluster:MissedHeartbeatsLimit"] = "4",
            ["RabbitMq:Uri"] = rabbit.AmqpUri.ToString(),
            ["Db:ConnectionString"] = database,
            ["Test:RecordsConnectionString"] = database,
        };
        var silos = await Task.WhenAll(Enumerable.Range(1, 3).Select(i => SiloProcess.StartAsync($"proc-{i}", settings, TimeSpan.FromSeconds(90))));
        var clientOptions = new ClusterOptions
        {
            Mode = ClusterMode.Cluster,
            Name = clusterName,
            Partitions = partitions,
            CallTimeout = TimeSpan.FromSeconds(5),
        };
        await using var client = await RuntimeTestClusters.CreateRabbitMqClientAsync(rabbit.AmqpUri.ToString(), clientOptions);
        try
        {
            // One grain per partition, to see which silo serves which partition.
            var map = new PartitionMap(partitions);
            var probes = Enumerable.Range(0, 10_000).Select(i => $"probe-{i}").GroupBy(map.PartitionOf).OrderBy(g => g.Key).Select(g => g.First()).ToArray();
            var owners = await Task.WhenAll(probes.Select(key => client.GetGrain<IRecorderGrain>(key).Where()));
            var identities = owners.Distinct().ToArray();
            Assert.Equal(3, identities.Length);

            const int messages = 1_500;
            var sent = 0;
            var load = Task.Run(async () =>
            {
                for (var i = 0; i < messages; i++)
                {
                    var recorder = client.GetGrain<IRecorderGrain>($"rec-{i % 150}");
                    await Task.WhenAll(recorder.Record(i), recorder.Collect(i));
                    Interlocked.Increment(ref sent);
                    if (i % 50 == 0)
                    {
                        await Task.Delay(20);
                    }
                }
            });
            await Eventually.TrueAsync(() => Volatile.Read(ref sent) > messages / 3, TimeSpan.FromSeconds(60), "the load is under way");

            // The silo process is killed outright; find which identity it served from the probes.
            var victim = silos[0];
            var before = owners.ToHashSet();
            await victim.KillAsync();
            var killedAt = Stopwatch.StartNew();

            // Calls right after the kill either succeed (after failover) or time out cleanly.
            var duringFailover = await Task.WhenAll(probes.Select(async key =>
            {
                try
                {
                    await client.GetGrain<IRecorderGrain>(key).Where();
                    return "ok";
                }
                catch (GrainCallTimeoutException)
                {
                    return "timeout";
                }
            }));
            Assert.All(duringFailover, outcome => Assert.Contains(outcome, new[] { "ok", "timeout" }));

            // Every partition answers again, from the two survivors, within 10 s of the kill.
            await Eventually.TrueAsync(async () =>
            {
                try
                {
                    var now = await Task.WhenAll(probes.Select(key => client.GetGrain<IRecorderGrain>(key).Where()));
                    return now.Distinct().Count() == 2;
                }
                catch (GrainCallTimeoutException)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(30), "all partitions are served by the two surviving silos");
            Assert.True(killedAt.Elapsed < TimeSpan.FromSeconds(10), $"failover took {killedAt.Elapsed.TotalSeconds:0.0} s");

            await load;
            await Eventually.TrueAsync(async () => await records.CountAsync("record") == messages && await records.CountAsync("collect") == messages,
                TimeSpan.FromSeconds(60), "every one-way and every deferred message is processed at least once");
            Assert.True(await records.CountAsync("collect", onlyRedelivered: true) > 0, "deferred messages held by the killed silo came back as redeliveries");
            Assert.Single(before.Except(await Task.WhenAll(probes.Select(key => client.GetGrain<IRecorderGrain>(key).Where()))));
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }
}
