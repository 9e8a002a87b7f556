using System.Diagnostics;

namespace IngestionCluster.Bench.Infrastructure;

/// <summary>Runs <c>concurrency</c> workers that each call an operation back to back for a fixed time, after a warm-up.</summary>
public static class LoadLoop
{
    public static async Task<BenchMeasurement> RunAsync(string name, int concurrency, TimeSpan duration, TimeSpan warmup, Func<int, long, Task> operation)
    {
        Console.WriteLine($"-- {name}: {concurrency} in flight, warm-up {warmup.TotalSeconds:0.#} s, measure {duration.TotalSeconds:0.#} s");
        await RunPhaseAsync(concurrency, warmup, operation, null);
        var latencies = new LatencyRecorder(concurrency);
        var clock = Stopwatch.StartNew();
        await RunPhaseAsync(concurrency, duration, operation, latencies);
        var elapsed = clock.Elapsed.TotalSeconds;
        return new BenchMeasurement(name, latencies.Count / elapsed, latencies.Percentile(50), latencies.Percentile(99));
    }

    private static async Task RunPhaseAsync(int concurrency, TimeSpan duration, Func<int, long, Task> operation, LatencyRecorder? latencies)
    {
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            long sequence = 0;
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                var started = Stopwatch.GetTimestamp();
                await operation(worker, sequence++).ConfigureAwait(false);
                latencies?.Record(worker, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        await Task.WhenAll(workers);
    }
}
