using System.Diagnostics;

namespace IngestionCluster.Bench.Infrastructure;

/// <summary>A load for <see cref="InterleavedLoads"/>: <paramref name="Concurrency"/> workers calling <paramref name="Operation"/> (worker, sequence) back to back.</summary>
public sealed record Load(string Name, int Concurrency, Func<int, long, Task> Operation);

/// <summary>
/// Runs several loads in turn, a short slice of each per round, so that a shared machine whose speed drifts
/// treats them alike and their ratios hold; each load's rate, percentiles and CPU seconds per second (by
/// role, see <see cref="CpuByRole"/>) are over all its slices.
/// </summary>
public static class InterleavedLoads
{
    public static async Task<IReadOnlyList<BenchMeasurement>> RunAsync(IReadOnlyList<Load> loads, TimeSpan warmup, TimeSpan duration, TimeSpan slice)
    {
        foreach (var load in loads)
        {
            Console.WriteLine($"-- warm-up {load.Name}: {load.Concurrency} in flight, {warmup.TotalSeconds:0.#} s");
            await LoadLoop.RunPhaseAsync(load.Concurrency, warmup, load.Operation, null);
        }
        var rounds = Math.Max(1, (int)Math.Round(duration / slice));
        Console.WriteLine($"-- measuring {rounds} rounds of {slice.TotalSeconds:0.#} s per load: {string.Join(", ", loads.Select(l => l.Name))}");
        var latencies = loads.Select(l => new LatencyRecorder(l.Concurrency)).ToArray();
        var seconds = new double[loads.Count];
        var cpu = loads.Select(_ => new Dictionary<string, double>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < loads.Count; i++)
            {
                var cpuFrom = CpuByRole.Take();
                var started = Stopwatch.GetTimestamp();
                await LoadLoop.RunPhaseAsync(loads[i].Concurrency, slice, loads[i].Operation, latencies[i]);
                seconds[i] += Stopwatch.GetElapsedTime(started).TotalSeconds;
                foreach (var (role, used) in CpuByRole.Take().SecondsSince(cpuFrom))
                {
                    cpu[i][role] = cpu[i].GetValueOrDefault(role) + used;
                }
            }
        }
        return [.. loads.Select((load, i) => new BenchMeasurement(load.Name, latencies[i].Count / seconds[i], latencies[i].Percentile(50), latencies[i].Percentile(99))
        {
            Extra = cpu[i].ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value / seconds[i], 3)),
        })];
    }
}
