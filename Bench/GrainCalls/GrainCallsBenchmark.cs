using IngestionCluster.Bench.Infrastructure;
using IngestionCluster.Bench.RawEcho;
using IngestionCluster.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;

namespace IngestionCluster.Bench.GrainCalls;

/// <summary>
/// Grain call throughput and latency with a 200 B payload and 256 calls in flight, several ways in one run:
/// <c>in_process</c> (a silo in this process, called through its own grain factory), <c>cross_process</c>
/// (two echo silo processes on Redis membership, this process their Orleans client, calls spread over many
/// grain keys; each grain lives on the silo whose gateway the client routes it through), the same with
/// Orleans' default placement (<c>cross_process_default_placement</c>: about half the calls take one more
/// silo-to-silo hop), and <c>raw_loopback</c> (a plain length-prefixed TCP echo over loopback with the same
/// payload and the same requests in flight, writes coalesced as Orleans coalesces them): the ceiling of any
/// request/reply over this machine's loopback. <c>raw_loopback_per_message</c> is the same echo with one send
/// per message, for scale. Everything is started first; then the loads take turns in one-second slices
/// (<see cref="InterleavedLoads"/>), so the ratios hold on a machine whose speed drifts.
/// </summary>
public static class GrainCallsBenchmark
{
    private const string AllLoads = "in_process,cross_process,cross_process_default_placement,raw_loopback,raw_loopback_per_message";

    public static async Task RunAsync(BenchArguments arguments)
    {
        var concurrency = arguments.Int("concurrency", 256);
        var payload = new EchoPayload(RandomBytes(arguments.Int("payload", 200)));
        var keys = arguments.Int("keys", 1024);
        var gatewayConnections = arguments.Int("gateway-connections", 1);
        var rawConnections = arguments.Int("raw-connections", 4);
        var only = (arguments.String("only") ?? AllLoads).Split(',');
        Console.WriteLine($"{payload.Bytes.Length} B payload, {concurrency} calls in flight, {keys} grain keys");

        var loads = new List<Load>();
        var running = new Stack<IAsyncDisposable>();
        var clusters = new Dictionary<string, EchoCluster>();
        IReadOnlyList<BenchMeasurement> measured;
        try
        {
            if (only.Contains("in_process"))
            {
                var host = EchoSilo.BuildInProcess(FreePort.Next(), FreePort.Next());
                await host.StartAsync();
                running.Push(new StoppedHost(host));
                loads.Add(GrainLoad("in_process", host.Services.GetRequiredService<IGrainFactory>(), payload, concurrency, keys));
            }
            if (only.Any(name => name.StartsWith("cross_process", StringComparison.Ordinal)))
            {
                var redis = await TestServers.StartPrivateAsync<RedisServer>();
                running.Push(redis);
                foreach (var (name, placement) in new[] { ("cross_process", EchoPlacement.Local), ("cross_process_default_placement", EchoPlacement.Default) })
                {
                    if (only.Contains(name))
                    {
                        var cluster = await EchoCluster.StartAsync(redis, placement, gatewayConnections);
                        running.Push(cluster);
                        clusters[name] = cluster;
                        loads.Add(GrainLoad(name, cluster.Client.Client, payload, concurrency, keys));
                    }
                }
            }
            foreach (var (name, coalesce) in new[] { ("raw_loopback", true), ("raw_loopback_per_message", false) })
            {
                if (only.Contains(name))
                {
                    var raw = await RawEchoLoopback.StartAsync(coalesce, rawConnections);
                    running.Push(raw);
                    loads.Add(new Load(name, concurrency, async (worker, _) => await raw.EchoAsync(worker, payload.Bytes)));
                }
            }
            measured = await InterleavedLoads.RunAsync(loads, TimeSpan.FromSeconds(arguments.Double("warmup", 3)), arguments.Duration, TimeSpan.FromSeconds(arguments.Double("slice", 1)));
            measured = [.. await Task.WhenAll(measured.Select(m => DescribeAsync(m, clusters.GetValueOrDefault(m.Name), gatewayConnections, rawConnections)))];
        }
        finally
        {
            while (running.TryPop(out var resource))
            {
                await resource.DisposeAsync();
            }
        }

        await new BenchReport("grain-calls", measured, Ratios(measured))
        {
            Targets = new Dictionary<string, string>
            {
                ["cross_process_ops_per_s"] = ">= 40000",
                ["cross_process_vs_raw"] = ">= 0.6",
            },
        }.WriteAsync(arguments.OutputPath);
    }

    private static Load GrainLoad(string name, IGrainFactory factory, EchoPayload payload, int concurrency, int keys)
    {
        var grains = Enumerable.Range(0, keys).Select(key => factory.GetGrain<IBenchEchoGrain>(key)).ToArray();
        // Each worker walks the keys with a stride of the worker count, so calls spread over every grain.
        return new Load(name, concurrency, async (worker, sequence) => await grains[(int)((worker + sequence * concurrency) % keys)].Echo(payload));
    }

    private static async Task<BenchMeasurement> DescribeAsync(BenchMeasurement measurement, EchoCluster? cluster, int gatewayConnections, int rawConnections)
    {
        var extra = new Dictionary<string, double>(measurement.Extra ?? []);
        if (cluster is not null)
        {
            var activations = await cluster.Client.ActivationsPerSiloAsync();
            Console.WriteLine($"-- {measurement.Name}: echo grain activations per silo: {string.Join(", ", activations.Select(a => $"{a.Key} {a.Value}"))}");
            extra["silos"] = cluster.Silos;
            extra["silos_with_activations"] = activations.Count(a => a.Value > 0);
            extra["gateway_connections"] = gatewayConnections;
        }
        if (measurement.Name.StartsWith("raw_", StringComparison.Ordinal))
        {
            extra["connections"] = rawConnections;
        }
        return measurement with { Extra = extra };
    }

    private static Dictionary<string, double> Ratios(IReadOnlyList<BenchMeasurement> measured)
    {
        var ratios = new Dictionary<string, double>();
        foreach (var (baseline, suffix) in new[] { ("raw_loopback", "_vs_raw"), ("raw_loopback_per_message", "_vs_raw_per_message") })
        {
            if (measured.FirstOrDefault(r => r.Name == baseline) is { } raw)
            {
                foreach (var result in measured.Where(r => !r.Name.StartsWith("raw_", StringComparison.Ordinal)))
                {
                    ratios[result.Name + suffix] = result.OpsPerSecond / raw.OpsPerSecond;
                }
            }
        }
        return ratios;
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    /// <summary>The in-process silo's host, stopped and disposed with the other resources.</summary>
    private sealed class StoppedHost(IHost host) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            host.Dispose();
        }
    }
}
