using IngestionCluster.Bench.Infrastructure;
using IngestionCluster.Bench.RawEcho;
using IngestionCluster.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Orleans;

namespace IngestionCluster.Bench.GrainCalls;

/// <summary>
/// Grain call throughput and latency with a 200 B payload and 256 calls in flight, three ways in one run:
/// <c>in_process</c> (a silo in this process, called through its own grain factory), <c>cross_process</c>
/// (two echo silo processes on Redis membership, this process their Orleans client, calls spread over many
/// grain keys; each grain lives on the silo whose gateway the client routes it through), the same with
/// Orleans' default placement (<c>cross_process_default_placement</c>: about half the calls take one more
/// silo-to-silo hop), and <c>raw_loopback</c> (a plain length-prefixed TCP echo over loopback with the same
/// payload and the same requests in flight, writes coalesced as Orleans coalesces them): the ceiling of any
/// request/reply over this machine's loopback. <c>raw_loopback_per_message</c> is the same echo with one send
/// per message, for scale.
/// </summary>
public static class GrainCallsBenchmark
{
    public static async Task RunAsync(BenchArguments arguments)
    {
        var duration = arguments.Duration;
        var warmup = TimeSpan.FromSeconds(arguments.Double("warmup", 3));
        var concurrency = arguments.Int("concurrency", 256);
        var payload = new EchoPayload(RandomBytes(arguments.Int("payload", 200)));
        var keys = arguments.Int("keys", 1024);
        var gatewayConnections = arguments.Int("gateway-connections", 1);
        var rawConnections = arguments.Int("raw-connections", 4);
        Console.WriteLine($"{payload.Bytes.Length} B payload, {concurrency} calls in flight, {keys} grain keys");

        var only = (arguments.String("only") ?? "in_process,cross_process,cross_process_default_placement,raw_loopback,raw_loopback_per_message").Split(',');
        var results = new List<BenchMeasurement>();
        if (only.Contains("in_process"))
        {
            results.Add(await InProcessAsync(payload, concurrency, keys, duration, warmup));
        }
        if (only.Contains("cross_process"))
        {
            results.Add(await CrossProcessAsync("cross_process", EchoPlacement.Local, payload, concurrency, keys, gatewayConnections, duration, warmup));
        }
        if (only.Contains("cross_process_default_placement"))
        {
            results.Add(await CrossProcessAsync("cross_process_default_placement", EchoPlacement.Default, payload, concurrency, keys, gatewayConnections, duration, warmup));
        }
        if (only.Contains("raw_loopback"))
        {
            results.Add(await RawLoopbackAsync("raw_loopback", coalesce: true, payload, concurrency, rawConnections, duration, warmup));
        }
        if (only.Contains("raw_loopback_per_message"))
        {
            results.Add(await RawLoopbackAsync("raw_loopback_per_message", coalesce: false, payload, concurrency, rawConnections, duration, warmup));
        }
        var ratios = new Dictionary<string, double>();
        foreach (var (baseline, suffix) in new[] { ("raw_loopback", "_vs_raw"), ("raw_loopback_per_message", "_vs_raw_per_message") })
        {
            if (results.Find(r => r.Name == baseline) is { } raw)
            {
                foreach (var result in results.Where(r => !r.Name.StartsWith("raw_", StringComparison.Ordinal)))
                {
                    ratios[result.Name + suffix] = result.OpsPerSecond / raw.OpsPerSecond;
                }
            }
        }

        await new BenchReport("grain-calls", results, ratios)
        {
            Targets = new Dictionary<string, string>
            {
                ["cross_process_ops_per_s"] = ">= 40000",
                ["cross_process_vs_raw"] = ">= 0.6",
            },
        }.WriteAsync(arguments.OutputPath);
    }

    private static async Task<BenchMeasurement> InProcessAsync(EchoPayload payload, int concurrency, int keys, TimeSpan duration, TimeSpan warmup)
    {
        using var host = EchoSilo.BuildInProcess(FreePort.Next(), FreePort.Next());
        await host.StartAsync();
        try
        {
            var grains = Grains(host.Services.GetRequiredService<IGrainFactory>(), keys);
            return await LoadLoop.RunAsync("in_process", concurrency, duration, warmup,
                async (worker, sequence) => await grains[Key(worker, sequence, concurrency, keys)].Echo(payload));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static async Task<BenchMeasurement> CrossProcessAsync(string name, EchoPlacement placement, EchoPayload payload, int concurrency, int keys,
        int gatewayConnections, TimeSpan duration, TimeSpan warmup)
    {
        await using var redis = await TestServers.StartPrivateAsync<RedisServer>();
        var clusterId = $"echo-{Guid.NewGuid().ToString("N")[..8]}";
        var silos = await Task.WhenAll(Enumerable.Range(1, 2).Select(i => EchoSiloProcess.StartAsync(
            new EchoSiloEndpoint($"echo-silo-{i}", redis.Configuration, clusterId, FreePort.Next(), FreePort.Next()), placement)));
        try
        {
            await using var client = await EchoClusterClient.ConnectAsync(redis.Configuration, clusterId, gatewayConnections, silos.Length);
            var grains = Grains(client.Client, keys);
            var cpuFrom = CpuByRole.Take();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var measurement = await LoadLoop.RunAsync(name, concurrency, duration, warmup,
                async (worker, sequence) => await grains[Key(worker, sequence, concurrency, keys)].Echo(payload));
            var cpu = CpuByRole.Take().PerSecondSince(cpuFrom, clock.Elapsed.TotalSeconds);
            var activations = await client.ActivationsPerSiloAsync();
            Console.WriteLine($"-- echo grain activations per silo: {string.Join(", ", activations.Select(a => $"{a.Key} {a.Value}"))}");
            return measurement with
            {
                Extra = new(cpu)
                {
                    ["silos"] = silos.Length,
                    ["silos_with_activations"] = activations.Count(a => a.Value > 0),
                    ["local_placement"] = placement == EchoPlacement.Local ? 1 : 0,
                    ["gateway_connections"] = gatewayConnections,
                    ["server_gc"] = System.Runtime.GCSettings.IsServerGC ? 1 : 0,
                },
            };
        }
        finally
        {
            await Task.WhenAll(silos.Select(s => s.DisposeAsync().AsTask()));
        }
    }

    private static async Task<BenchMeasurement> RawLoopbackAsync(string name, bool coalesce, EchoPayload payload, int concurrency, int connectionCount,
        TimeSpan duration, TimeSpan warmup)
    {
        await using var server = new RawEchoServer(coalesce);
        server.Start();
        var connections = await Task.WhenAll(Enumerable.Range(0, connectionCount).Select(_ => RawEchoConnection.ConnectAsync(server.EndPoint, coalesce)));
        try
        {
            var measurement = await LoadLoop.RunAsync(name, concurrency, duration, warmup,
                async (worker, _) => await connections[worker % connections.Length].EchoAsync(payload.Bytes));
            return measurement with { Extra = new() { ["connections"] = connectionCount } };
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private static IBenchEchoGrain[] Grains(IGrainFactory factory, int keys) =>
        [.. Enumerable.Range(0, keys).Select(key => factory.GetGrain<IBenchEchoGrain>(key))];

    /// <summary>Each worker walks the keys with a stride of the worker count, so calls spread over every grain.</summary>
    private static int Key(int worker, long sequence, int concurrency, int keys) => (int)((worker + sequence * concurrency) % keys);

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}
