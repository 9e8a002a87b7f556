using System.Diagnostics;
using IngestionCluster.Bench.Cameras;
using IngestionCluster.Bench.Cluster;
using IngestionCluster.Bench.Infrastructure;

namespace IngestionCluster.Bench.MqttChunks;

/// <summary>
/// One load level: the fleet publishes at a rate for a warm-up and a measured window; every image whose last
/// chunk was sent inside the window is then waited for (up to the drain time). Latency runs from the last
/// chunk handed to the MQTT client to the image's <c>image.assembled</c> event; an image never committed
/// counts as infinitely late, so it shows in p99 instead of vanishing from it. Given a <see cref="SteadyStart"/>,
/// the warm-up goes on until the product's JIT compilation has died down and the images it held back are committed.
/// </summary>
public static class MqttLoadStep
{
    private static readonly TimeSpan _settleTimeout = TimeSpan.FromMinutes(3);

    /// <summary>Waits until every image published so far is committed: a level starts on an idle cluster, not on an earlier level's backlog.</summary>
    private static async Task SettleAsync(MqttCameraFleet fleet, ImageCommits commits)
    {
        var started = Stopwatch.GetTimestamp();
        while (commits.Count < fleet.ImagesPublished && Stopwatch.GetElapsedTime(started) < _settleTimeout)
        {
            await Task.Delay(250);
        }
        if (fleet.ImagesPublished > 0)
        {
            Console.WriteLine($"-- backlog: {fleet.ImagesPublished - commits.Count} earlier images not committed after waiting {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s");
        }
    }

    public static async Task<BenchMeasurement> RunAsync(string name, MqttCameraFleet fleet, ImageCommits commits, double fps,
        TimeSpan warmup, TimeSpan window, TimeSpan drain, SteadyStart? steadyStart = null)
    {
        await SettleAsync(fleet, commits);
        Console.WriteLine($"-- {name}: {fleet.Cameras} cameras x {fps:0.##} fps = {fleet.Cameras * fps:0} images/s offered, warm-up {warmup.TotalSeconds:0} s, measure {window.TotalSeconds:0} s");
        using var stop = new CancellationTokenSource();
        var publishing = fleet.RunAsync(fps, stop.Token);
        await Task.Delay(warmup);
        var warmedUp = steadyStart is null ? warmup : warmup + await steadyStart.WaitAsync(fleet, commits, fleet.Cameras * fps);
        var jitFrom = steadyStart is null ? 0 : await steadyStart.Jit.CompilationSecondsAsync();
        var from = Stopwatch.GetTimestamp();
        var cpuFrom = CpuByRole.Take();
        await Task.Delay(window);
        var to = Stopwatch.GetTimestamp();
        var windowSeconds = Stopwatch.GetElapsedTime(from, to).TotalSeconds;
        var cpu = CpuByRole.Take().PerSecondSince(cpuFrom, windowSeconds);
        // Part of the processes' CPU above, not added to it.
        double? jitShare = steadyStart is null ? null
            : Math.Round((await steadyStart.Jit.CompilationSecondsAsync() - jitFrom) / windowSeconds, 3);
        await stop.CancelAsync();
        await publishing;

        var measured = fleet.Published.Values.Where(p => p.LastChunkSentAt >= from && p.LastChunkSentAt < to).ToList();
        var deadline = Stopwatch.GetTimestamp() + (long)(drain.TotalSeconds * Stopwatch.Frequency);
        while (measured.Any(p => !commits.TryGet(p.CameraId, p.ImageId, out _)) && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(100);
        }
        var latencies = measured
            .Select(p => commits.TryGet(p.CameraId, p.ImageId, out var committedAt) ? Stopwatch.GetElapsedTime(p.LastChunkSentAt, committedAt).TotalMilliseconds : double.PositiveInfinity)
            .Order()
            .ToArray();
        var committed = latencies.Count(double.IsFinite);
        var measurement = new BenchMeasurement(name, committed / windowSeconds, Percentiles.Of(latencies, 50), Percentiles.Of(latencies, 99))
        {
            Extra = new(cpu)
            {
                ["offered_images_per_s"] = measured.Count / windowSeconds,
                ["target_images_per_s"] = fleet.Cameras * fps,
                ["cameras"] = fleet.Cameras,
                ["fps_per_camera"] = fps,
                ["images_measured"] = measured.Count,
                ["uncommitted"] = measured.Count - committed,
                ["p90_ms"] = Percentiles.Of(latencies, 90),
                ["max_ms"] = latencies.Length == 0 ? double.NaN : latencies[^1],
                ["warmup_s"] = Math.Round(warmedUp.TotalSeconds, 1),
                // What one image costs the machine: with C ms of CPU per image, two cores cannot commit more than 2000 / C images/s.
                ["cpu_ms_per_image"] = 1000 * cpu.Values.Sum() / (committed / windowSeconds),
                ["cpu_ms_per_image_without_cameras"] = 1000 * (cpu.Values.Sum() - cpu.GetValueOrDefault("cpu_bench")) / (committed / windowSeconds),
            },
        };
        if (jitShare is { } share)
        {
            measurement.Extra["jit_cpu_s_per_s"] = share;
        }
        Console.WriteLine($"   committed {measurement.OpsPerSecond:0.0} images/s of {measured.Count / windowSeconds:0.0} offered, p50 {measurement.P50Milliseconds:0.0} ms, " +
            $"p99 {measurement.P99Milliseconds:0.0} ms, {measured.Count - committed} not committed within {drain.TotalSeconds:0} s");
        Console.WriteLine($"   CPU s/s: {string.Join(", ", cpu.OrderByDescending(c => c.Value).Select(c => $"{c.Key[4..]} {c.Value:0.00}"))}" +
            (jitShare is { } jit ? $"; of it JIT {jit:0.000}" : ""));
        return measurement;
    }
}
