using System.Security.Cryptography;
using IngestionCluster.Bench.Infrastructure;
using IngestionCluster.Runtime.Testing;
using IngestionCluster.Tests.Fixtures;

namespace IngestionCluster.Bench.GrainCalls;

/// <summary>
/// Request/response grain calls per second and latency over (a) the in-memory transport, (b) the
/// RabbitMQ transport with two silos, and (c) the raw RabbitMQ ceiling with the same payload and concurrency.
/// </summary>
public static class GrainCallsBenchmark
{
    private const int GrainCount = 1_000;

    public static async Task RunAsync(BenchArguments arguments)
    {
        var duration = arguments.Duration;
        var warmup = TimeSpan.FromSeconds(arguments.Double("warmup", 3));
        var concurrency = arguments.Int("concurrency", 64);
        var memoryConcurrency = arguments.Int("memory-concurrency", 512);
        var payload = RandomNumberGenerator.GetBytes(arguments.Int("payload-bytes", 200));
        var keys = Enumerable.Range(0, GrainCount).Select(i => $"bench-{i}").ToArray();
        var rabbit = arguments.Flag("memory-only") ? null! : TestServers.RabbitMq;

        BenchMeasurement inMemory;
        await using (var cluster = await StartClusterAsync(TestTransport.InMemory, silos: 1, rabbitUri: null))
        {
            var grains = keys.Select(k => cluster.Client.GetGrain<IBenchGrain>(k)).ToArray();
            inMemory = await LoadLoop.RunAsync("in-memory transport (1 silo)", memoryConcurrency, duration, warmup,
                (worker, sequence) => grains[(int)((worker * 7919 + sequence) % GrainCount)].Echo(payload).AsTask());
        }

        if (arguments.Flag("memory-only"))
        {
            await new BenchReport("grain-calls", [inMemory], new Dictionary<string, double>()).WriteAsync(arguments.OutputPath);
            return;
        }
        var uri = (await rabbit).AmqpUri;
        BenchMeasurement overRabbit;
        await using (var cluster = await StartClusterAsync(TestTransport.RabbitMq, silos: 2, rabbitUri: uri.ToString()))
        {
            var grains = keys.Select(k => cluster.Client.GetGrain<IBenchGrain>(k)).ToArray();
            overRabbit = await LoadLoop.RunAsync("rabbitmq transport (2 silos)", concurrency, duration, warmup,
                (worker, sequence) => grains[(int)((worker * 7919 + sequence) % GrainCount)].Echo(payload).AsTask());
        }

        BenchMeasurement raw;
        await using (var echo = new RawRabbitMqEcho())
        {
            await echo.StartAsync(uri);
            raw = await LoadLoop.RunAsync("raw rabbitmq request/reply", concurrency, duration, warmup, (_, _) => echo.EchoAsync(payload));
        }

        await new BenchReport("grain-calls", [inMemory, overRabbit, raw], new Dictionary<string, double>
        {
            ["rabbitmq_vs_raw"] = overRabbit.OpsPerSecond / raw.OpsPerSecond,
        })
        {
            Targets = new Dictionary<string, string>
            {
                ["in_memory_ops_per_s"] = ">= 300000",
                ["rabbitmq_vs_raw"] = ">= 0.5",
            },
        }.WriteAsync(arguments.OutputPath);
    }

    private static Task<TestCluster> StartClusterAsync(TestTransport transport, int silos, string? rabbitUri)
    {
        var options = new TestClusterOptions
        {
            InitialSilos = silos,
            Transport = transport,
            RabbitMqUri = rabbitUri,
            ConfigureGrains = grains => grains.Add<IBenchGrain, BenchGrain>(),
        };
        options.Cluster.Partitions = 64;
        options.Cluster.HeartbeatInterval = TimeSpan.FromMilliseconds(500);
        return TestCluster.StartAsync(options);
    }
}
