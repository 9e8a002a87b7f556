using System.Globalization;
using IngestionCluster.Bench.Cameras;
using IngestionCluster.Bench.Cluster;
using IngestionCluster.Bench.Infrastructure;

namespace IngestionCluster.Bench.MqttChunks;

/// <summary>
/// The highest offered rate the cluster sustains: rates are tried from low to high, and a rate is sustained
/// when the cameras kept their schedule (at least 95 % of the rate offered), every image of the window was
/// committed within the drain time, and p99 from last chunk to commit stayed under the latency bound (a
/// backlog that grows shows as latency that grows). The result is the last rate that passed.
/// </summary>
public static class SustainedRateSearch
{
    public const double MinOfferedShare = 0.95;

    public static async Task<BenchMeasurement?> RunAsync(MqttCameraFleet fleet, ImageCommits commits, IReadOnlyList<double> rates,
        TimeSpan window, TimeSpan drain, double maxP99Milliseconds)
    {
        BenchMeasurement? best = null;
        foreach (var rate in rates)
        {
            var step = await MqttLoadStep.RunAsync($"max search {rate:0} images/s", fleet, commits, rate / fleet.Cameras, TimeSpan.FromSeconds(3), window, drain);
            var problem = Problem(step, rate, maxP99Milliseconds);
            if (problem is not null)
            {
                Console.WriteLine($"   {rate:0} images/s not sustained: {problem}");
                return best is null ? null : best with { Extra = new(best.Extra!) { ["first_unsustained_rate"] = rate } };
            }
            best = step with { Name = "sustained_max", Extra = new(step.Extra!) { ["max_p99_bound_ms"] = maxP99Milliseconds } };
        }
        return best;
    }

    public static IReadOnlyList<double> ParseRates(string? text) =>
        (text ?? "20,40,60,80,100,150,200,250,300,400").Split(',').Select(r => double.Parse(r, CultureInfo.InvariantCulture)).ToList();

    private static string? Problem(BenchMeasurement step, double rate, double maxP99Milliseconds)
    {
        var extra = step.Extra!;
        if (extra["offered_images_per_s"] < rate * MinOfferedShare)
        {
            return $"the cameras offered only {extra["offered_images_per_s"]:0.0} images/s (the publishers or the broker fell behind)";
        }
        if (extra["uncommitted"] > 0)
        {
            return $"{extra["uncommitted"]} images were not committed within the drain time";
        }
        return step.P99Milliseconds > maxP99Milliseconds ? $"p99 {step.P99Milliseconds:0} ms is above {maxP99Milliseconds:0} ms" : null;
    }
}
