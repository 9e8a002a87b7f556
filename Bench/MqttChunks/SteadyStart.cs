using System.Diagnostics;
using IngestionCluster.Bench.Cameras;
using IngestionCluster.Bench.Cluster;
using IngestionCluster.Bench.Infrastructure;

namespace IngestionCluster.Bench.MqttChunks;

/// <summary>
/// When a steady-state window may start: once the product processes' JIT compilation has died down (less than
/// <paramref name="jitQuietShare"/> of a core), and then once the images held back meanwhile are committed
/// (fewer than a second's worth outstanding). Both waits together end at <paramref name="limit"/>, after which
/// the window starts whatever the state, so a cluster that cannot keep up still shows it in the figures.
/// </summary>
public sealed class SteadyStart(JitActivity jit, double jitQuietShare, TimeSpan limit)
{
    private static readonly TimeSpan _jitWindow = TimeSpan.FromSeconds(5);

    public JitActivity Jit => jit;

    /// <summary>Waits as above while the load runs; returns the time waited.</summary>
    public async Task<TimeSpan> WaitAsync(MqttCameraFleet fleet, ImageCommits commits, double imagesPerSecond)
    {
        var started = Stopwatch.GetTimestamp();
        await jit.WaitUntilQuietAsync(jitQuietShare, _jitWindow, limit);
        while (fleet.ImagesPublished - commits.Count > imagesPerSecond && Stopwatch.GetElapsedTime(started) < limit)
        {
            await Task.Delay(250);
        }
        var waited = Stopwatch.GetElapsedTime(started);
        Console.WriteLine($"-- steady after {waited.TotalSeconds:0} s more: {Math.Max(0, fleet.ImagesPublished - commits.Count)} images outstanding");
        return waited;
    }
}
