using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using IngestionCluster.Bench.Infrastructure;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Processes;

namespace IngestionCluster.Bench.Rtsp;

/// <summary>
/// A real silo process capturing N RTSP cameras (a real GStreamer RTSP server, 1280×720 MJPEG) at 1 fps
/// through its ffmpeg children, with the default settings a user gets (motion detection, frames with
/// motion persisted). For each N: CPU seconds per camera-second of the silo and its children, and
/// memory per camera beyond the baseline: the idle silo after one warm-up camera ran and was deleted,
/// so that code loaded once per process (JIT, TurboJPEG, ffmpeg's first start) is not charged to cameras.
/// Each camera reads a path of its own: cameras joining one shared test-server path stall the others.
/// </summary>
public static class RtspBenchmark
{
    public static async Task RunAsync(BenchArguments arguments)
    {
        var counts = (arguments.String("cameras") ?? "1,5,10").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).Order().ToArray();
        var fps = arguments.Double("fps", 1);
        var duration = arguments.Duration;
        var settle = TimeSpan.FromSeconds(arguments.Double("settle", 10));

        await using var server = new RtspServer(new RtspServerSettings(Width: 1280, Height: 720, Fps: arguments.Int("source-fps", 10), ExtraPathCount: counts.Max()));
        await server.StartAsync();
        await using var silo = await ProductProcess.StartSiloAsync("bench-rtsp", new Dictionary<string, string>
        {
            ["Auth__Enabled"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Rtsp__MaxConcurrentStreams"] = counts.Max().ToString(CultureInfo.InvariantCulture),
        });
        using var http = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var root = silo.ProcessGroupId;

        Console.WriteLine("silo up; warming up with one camera …");
        var coldIdle = ProcessTreeSample.Take(root);
        await RegisterAsync(http, "bench-rtsp-warmup", server.Url, fps);
        await WaitForFramesAsync(http, ["bench-rtsp-warmup"]);
        await Task.Delay(settle);
        var warm = ProcessTreeSample.Take(root);
        Console.WriteLine($"-- the first camera ever grew the silo by {Mb(warm.Host.ResidentBytes - coldIdle.Host.ResidentBytes):0.0} MB (one-time cost, not in the figures below)");
        (await http.DeleteAsync("api/cameras/bench-rtsp-warmup")).EnsureSuccessStatusCode();
        Console.WriteLine($"measuring the idle baseline for {settle.TotalSeconds:0} s …");
        await Task.Delay(settle);
        var baseline = await MeasureAsync(root, settle);
        Console.WriteLine($"-- idle silo: {baseline.CpuPerSecond:0.0000} CPU s/s, {Mb(baseline.End.Host.ResidentBytes):0.0} MB resident");

        var results = new List<BenchMeasurement>();
        var registered = 0;
        var previous = (Cameras: 0, Resident: baseline.End.Host.ResidentBytes);
        foreach (var count in counts)
        {
            for (; registered < count; registered++)
            {
                await RegisterAsync(http, CameraId(registered), server.UrlFor(server.ExtraPaths[registered]), fps);
            }
            await WaitForFramesAsync(http, [.. Enumerable.Range(0, count).Select(CameraId)]);
            await Task.Delay(settle);
            var framesBefore = await ScrapeAsync(http, "ingest_rtsp_frames_total");
            var window = await MeasureAsync(root, duration);
            var frames = await ScrapeAsync(http, "ingest_rtsp_frames_total") - framesBefore;

            var cameraSeconds = count * window.Seconds;
            var cpuPerCameraSecond = (window.CpuSeconds - baseline.CpuPerSecond * window.Seconds) / cameraSeconds;
            var hostGrowth = window.End.Host.ResidentBytes - baseline.End.Host.ResidentBytes;
            // What each camera added since the previous step: fixed costs paid once (heap growth, pools) cancel out.
            var marginal = Mb(window.End.Host.ResidentBytes - previous.Resident) / (count - previous.Cameras);
            previous = (count, window.End.Host.ResidentBytes);
            var measurement = new BenchMeasurement($"rtsp {count} camera(s) at {fps:0.##} fps", frames / window.Seconds, 0, 0)
            {
                Extra = new()
                {
                    ["cameras"] = count,
                    ["frames_per_s_expected"] = count * fps,
                    ["cpu_s_per_camera_s"] = cpuPerCameraSecond,
                    ["cpu_s_per_camera_s_incl_idle"] = window.CpuSeconds / cameraSeconds,
                    ["silo_rss_mb"] = Mb(window.End.Host.ResidentBytes),
                    ["silo_mb_per_camera"] = Mb(hostGrowth) / count,
                    ["silo_marginal_mb_per_camera"] = marginal,
                    ["silo_mb_per_camera_cold"] = Mb(window.End.Host.ResidentBytes - coldIdle.Host.ResidentBytes) / count,
                    ["ffmpeg_processes"] = window.End.Ffmpeg.Processes,
                    ["ffmpeg_rss_mb_per_camera"] = Mb(window.End.Ffmpeg.ResidentBytes) / count,
                    ["ffmpeg_pss_mb_per_camera"] = Mb(window.End.Ffmpeg.ProportionalBytes) / count,
                    ["guard_pss_mb_per_camera"] = Mb(window.End.Other.ProportionalBytes - baseline.End.Other.ProportionalBytes) / count,
                    ["total_pss_mb_per_camera"] = Mb(window.End.TotalProportionalBytes - baseline.End.TotalProportionalBytes) / count,
                },
            };
            Console.WriteLine($"-- {count} camera(s): {frames / window.Seconds:0.00} frames/s, {cpuPerCameraSecond:0.0000} CPU s per camera-second, " +
                $"silo +{Mb(hostGrowth) / count:0.00} MB/camera ({marginal:0.00} MB for each added one), ffmpeg {Mb(window.End.Ffmpeg.ProportionalBytes) / count:0.0} MB PSS/camera " +
                $"({window.End.Ffmpeg.Processes} ffmpeg)");
            results.Add(measurement);
        }
        var restarts = await ScrapeAsync(http, "ingest_rtsp_ffmpeg_starts_total") - counts.Max() - 1;
        var failures = await ScrapeAsync(http, "ingest_rtsp_failures_total");
        var dropped = await ScrapeAsync(http, "ingest_rtsp_frames_dropped_total");
        Console.WriteLine($"-- over the whole run: {restarts} ffmpeg restarts, {failures} capture failures, {dropped} frames dropped");
        if (restarts > 0 || failures > 0)
        {
            Console.WriteLine(string.Join('\n', silo.Log().Split('\n').Where(line => line.Contains("warn", StringComparison.OrdinalIgnoreCase) || line.Contains("fail", StringComparison.OrdinalIgnoreCase)).Take(20)));
        }

        await new BenchReport("rtsp", results, new Dictionary<string, double>
        {
            ["idle_silo_cpu_s_per_s"] = baseline.CpuPerSecond,
            ["idle_silo_rss_mb"] = Mb(baseline.End.Host.ResidentBytes),
            ["max_silo_mb_per_camera"] = results.Max(r => r.Extra!["silo_mb_per_camera"]),
        })
        {
            Targets = new Dictionary<string, string>
            {
                ["silo_mb_per_camera"] = "<= 6 beyond the idle baseline",
            },
        }.WriteAsync(arguments.OutputPath);
    }

    private sealed record Window(double Seconds, double CpuSeconds, ProcessTreeSample End)
    {
        public double CpuPerSecond => CpuSeconds / Seconds;
    }

    private static async Task<Window> MeasureAsync(int rootPid, TimeSpan duration)
    {
        var start = ProcessTreeSample.Take(rootPid);
        var clock = Stopwatch.StartNew();
        await Task.Delay(duration);
        var end = ProcessTreeSample.Take(rootPid);
        return new Window(clock.Elapsed.TotalSeconds, end.CpuSeconds - start.CpuSeconds, end);
    }

    private static string CameraId(int index) => $"bench-rtsp-{index}";

    private static async Task RegisterAsync(HttpClient http, string cameraId, string url, double fps)
    {
        var response = await http.PostAsJsonAsync("api/cameras", new { id = cameraId, source_type = "rtsp", source_url = url, fps });
        response.EnsureSuccessStatusCode();
    }

    private static async Task WaitForFramesAsync(HttpClient http, IReadOnlyList<string> cameraIds)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        foreach (var cameraId in cameraIds)
        {
            while ((await http.GetAsync($"api/cameras/{cameraId}/frame/latest")).StatusCode != System.Net.HttpStatusCode.OK)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"Camera {cameraId} had no frame within 60 s.");
                }
                await Task.Delay(250);
            }
        }
    }

    private static async Task<double> ScrapeAsync(HttpClient http, string metric)
    {
        var text = await http.GetStringAsync("metrics");
        return text.Split('\n')
            .Where(line => line.StartsWith(metric, StringComparison.Ordinal) && (line.Length == metric.Length || line[metric.Length] is ' ' or '{'))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    private static double Mb(long bytes) => bytes / (1024.0 * 1024.0);
}
