using System.Diagnostics;
using IngestionCluster.Bench.Infrastructure;
using IngestionCluster.Bench.Product;
using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Imaging;
using IngestionCluster.Grains.Motion;
using IngestionCluster.Grains.Abstractions.Ids;

namespace IngestionCluster.Bench.CameraFrames;

/// <summary>
/// PushFrame throughput and latency with motion detection on 1280×720 JPEGs, in-process (in-memory
/// transport); the ceiling of TurboJPEG's scaled decode alone on every core; what the motion detector
/// allocates per frame once warmed up; and the resident memory of an active camera holding a full
/// 30-frame ring buffer.
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
        var motionBytesPerFrame = MeasureMotionAllocation(frames);

        BenchMeasurement push;
        double memoryPerCameraMb;
        await using (var product = await BenchProductCluster.StartAsync(silos: 1, new Dictionary<string, string?>
        {
            ["Ingest:PublishFrameEvents"] = "false",
        }))
        {
            var grains = Enumerable.Range(0, cameras).Select(i => product.Grains.GetCamera($"bench-cam-{i}")).ToArray();
            foreach (var grain in grains)
            {
                await grain.Register(new CameraRegistration(CameraSourceType.HttpPush, Persist: new PersistencePolicy(PersistMode.None)));
            }
            push = await LoadLoop.RunAsync("push_frame with motion (in-process)", concurrency, duration, warmup,
                (worker, sequence) => grains[worker % cameras].PushFrame(new FrameData(frames[(int)((sequence + worker) % frames.Count)])));

            memoryPerCameraMb = await MeasureMemoryPerCameraAsync(product, frames, memoryCameras);
        }

        await new BenchReport("camera-frames", [push with { Extra = new() { ["cameras"] = cameras } }, decode], new Dictionary<string, double>
        {
            ["push_vs_decode_ceiling"] = push.OpsPerSecond / decode.OpsPerSecond,
            ["memory_per_camera_mb"] = memoryPerCameraMb,
            ["motion_bytes_allocated_per_frame"] = motionBytesPerFrame,
        })
        {
            Targets = new Dictionary<string, string>
            {
                ["push_frame_ops_per_s"] = ">= 1000 on 2 cores",
                ["memory_per_camera_mb"] = "<= 6 (30-frame buffer)",
                ["motion_bytes_allocated_per_frame"] = "< 1 (steady state allocates nothing)",
            },
        }.WriteAsync(arguments.OutputPath);
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

    /// <summary>Bytes the motion detector allocates per frame on its thread once warmed up (its buffers are reused).</summary>
    private static double MeasureMotionAllocation(IReadOnlyList<byte[]> frames)
    {
        const int measured = 1000;
        using var detector = new MotionDetector();
        for (var i = 0; i < 3 * frames.Count; i++)
        {
            detector.Process(frames[i % frames.Count]);
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < measured; i++)
        {
            detector.Process(frames[i % frames.Count]);
        }
        var perFrame = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)measured;
        Console.WriteLine($"-- motion detector: {perFrame:0.0} bytes allocated per frame after warm-up");
        return perFrame;
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
