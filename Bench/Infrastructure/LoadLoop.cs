using System.Diagnostics;

namespace IngestionCluster.Bench.Infrastructure;

/// <summary>Runs <c>concurrency</c> workers that each call an operation back to back for a fixed time.</summary>
public static class LoadLoop
{
    /// <summary>One phase: the workers run until <paramref name="duration"/> is up, recording each operation's latency when given a recorder.</summary>
    public static async Task RunPhaseAsync(int concurrency, TimeSpan duration, Func<int, long, Task> operation, LatencyRecorder? latencies)
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
