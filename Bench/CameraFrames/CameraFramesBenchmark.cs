using System.Diagnostics;
using IngestionCluster.Bench.Infrastructure;
using IngestionCluster.Bench.Product;
using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Imaging;
using IngestionCluster.Grains.Motion;
using IngestionCluster.Grains.Abstractions.Ids;
using Orleans;

namespace IngestionCluster.Bench.CameraFrames;

/// <summary>
/// PushFrame throughput and latency with motion detection on 1280×720 JPEGs in one silo in this process,
/// called through the silo's own grain factory (as a standalone silo's HTTP API calls it) and through the
/// test cluster's client (serialized, as a gateway's calls are); the ceiling of TurboJPEG's scaled decode
/// alone on every core, in the same run; and the resident memory of a camera holding a full 30-frame buffer.
/// </summary>
public static class CameraFramesBenchmark
{
    public static async Task RunAsync(BenchArguments arguments)
    {
        var duration = arguments.Duration;
        var warmup = TimeSpan.FromSeconds(arguments.Double("warmup", 3));
        var cameras = arguments.Int("cameras", 8);
        var concurrency = arguments.Int("concurrency", cameras * 2);
        var memoryCameras = arguments.Int("memory-cameras", 40);
        Console.WriteLine("generating 1280x720 frames with ffmpeg …");
        var frames = await FfmpegFrames.GenerateAsync(60, 1280, 720);
        Console.WriteLine($"{frames.Count} frames, {frames.Average(f => f.Length) / 1024:0.0} KB on average");

        var decode = await MeasureDecodeCeilingAsync(frames, duration);

        BenchMeasurement push;
        BenchMeasurement pushThroughClient;
        double memoryPerCameraMb;
        await using (var product = await BenchProductCluster.StartAsync(silos: 1, new Dictionary<string, string?>
        {
            ["Ingest:PublishFrameEvents"] = "false",
        }))
        {
            push = await PushAsync("push_frame (co-hosted, as standalone serves it)", product.SiloGrains, "bench-cam", cameras, concurrency, frames, duration, warmup);
            pushThroughClient = await PushAsync("push_frame (cluster client, serialized)", product.Grains, "bench-client-cam", cameras, concurrency, frames, duration, warmup);
            memoryPerCameraMb = await MeasureMemoryPerCameraAsync(product, frames, memoryCameras);
        }

        await new BenchReport("camera-frames", [push, pushThroughClient, decode], new Dictionary<string, double>
        {
            ["push_vs_decode_ceiling"] = push.OpsPerSecond / decode.OpsPerSecond,
            ["client_push_vs_decode_ceiling"] = pushThroughClient.OpsPerSecond / decode.OpsPerSecond,
            ["memory_per_camera_mb"] = memoryPerCameraMb,
        })
        {
            Targets = new Dictionary<string, string>
            {
                ["push_vs_decode_ceiling"] = ">= 0.8",
                ["memory_per_camera_mb"] = "<= 6 (30-frame buffer)",
            },
        }.WriteAsync(arguments.OutputPath);
    }

    /// <summary>PushFrame with motion detection on <paramref name="cameras"/> cameras, <paramref name="concurrency"/> pushes in flight.</summary>
    private static async Task<BenchMeasurement> PushAsync(string name, IGrainFactory factory, string prefix, int cameras, int concurrency,
        IReadOnlyList<byte[]> frames, TimeSpan duration, TimeSpan warmup)
    {
        var grains = Enumerable.Range(0, cameras).Select(i => factory.GetCamera($"{prefix}-{i}")).ToArray();
        foreach (var grain in grains)
        {
            await grain.Register(new CameraRegistration(CameraSourceType.HttpPush, Persist: new PersistencePolicy(PersistMode.None)));
        }
        var push = await LoadLoop.RunAsync(name, concurrency, duration, warmup,
            (worker, sequence) => grains[worker % cameras].PushFrame(new FrameData(frames[(int)((sequence + worker) % frames.Count)])));
        return push with { Extra = new() { ["cameras"] = cameras } };
    }

    /// <summary>Scaled gray decode (what motion detection costs) on every core, nothing else.</summary>
    private static async Task<BenchMeasurement> MeasureDecodeCeilingAsync(IReadOnlyList<byte[]> frames, TimeSpan duration)
    {
        var header = TurboJpeg.ReadHeader(frames[0]);
        var scale = JpegScale.ForTargetWidth(header.Width, MotionSettings.Default.TargetWidth);
        var width = scale.Apply(header.Width);
        var height = scale.Apply(header.Height);
        return await LoadLoop.RunAsync("turbojpeg scaled decode ceiling", Environment.ProcessorCount, duration, TimeSpan.FromSeconds(1), (worker, sequence) =>
        {
            var pixels = new byte[width * height];
            TurboJpeg.DecodeGray(frames[(int)(sequence % frames.Count)], pixels, width, height);
            return Task.CompletedTask;
        });
    }

    /// <summary>Activates cameras, fills their 30-frame buffers, and divides the growth of the process's resident memory.</summary>
    private static async Task<double> MeasureMemoryPerCameraAsync(BenchProductCluster product, IReadOnlyList<byte[]> frames, int count)
    {
        var before = SettledResidentBytes();
        var grains = Enumerable.Range(0, count).Select(i => product.Grains.GetCamera($"memory-cam-{i}")).ToArray();
        foreach (var grain in grains)
        {
            await grain.Register(new CameraRegistration(CameraSourceType.HttpPush, BufferSize: 30, Persist: new PersistencePolicy(PersistMode.None)));
            for (var i = 0; i < 30; i++)
            {
                // Copies: a real camera's frames are distinct arrays.
                await grain.PushFrame(new FrameData(frames[i % frames.Count].ToArray()));
            }
        }
        var after = SettledResidentBytes();
        var perCamera = (after - before) / (double)count / (1024 * 1024);
        Console.WriteLine($"-- memory: {count} cameras with 30 frames each grew the resident set by {(after - before) / 1048576.0:0.0} MB: {perCamera:0.00} MB per camera");
        return perCamera;
    }

    private static long SettledResidentBytes()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }
}
