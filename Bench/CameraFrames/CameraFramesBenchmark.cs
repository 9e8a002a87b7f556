using System.Buffers;
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
/// alone on every core, in the same run; what the motion detector allocates per frame once warmed up; and
/// the resident memory of a camera holding a full 30-frame buffer.
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

        var motionBytesPerFrame = MeasureMotionAllocation(frames);
        IReadOnlyList<BenchMeasurement> measured;
        (double ResidentMb, double ManagedMb) memoryPerCamera;
        await using (var product = await BenchProductCluster.StartAsync(silos: 1, new Dictionary<string, string?>
        {
            ["Ingest:PublishFrameEvents"] = "false",
        }))
        {
            memoryPerCamera = await MeasureMemoryPerCameraAsync(product, frames, memoryCameras);
            // The loads take turns in short slices, so the ratio to the decode ceiling holds on a machine whose speed drifts.
            measured = await InterleavedLoads.RunAsync(
            [
                DecodeCeiling(frames, concurrency),
                await PushAsync("push_frame (co-hosted, as standalone serves it)", product.SiloGrains, "bench-cam", cameras, concurrency, frames),
                await PushAsync("push_frame (cluster client, serialized)", product.Grains, "bench-client-cam", cameras, concurrency, frames),
            ], warmup, duration, TimeSpan.FromSeconds(arguments.Double("slice", 1)));
        }
        var (decode, push, pushThroughClient) = (measured[0], measured[1], measured[2]);

        await new BenchReport("camera-frames",
        [
            push with { Extra = new(push.Extra!) { ["cameras"] = cameras } },
            pushThroughClient with { Extra = new(pushThroughClient.Extra!) { ["cameras"] = cameras } },
            decode,
        ], new Dictionary<string, double>
        {
            ["push_vs_decode_ceiling"] = push.OpsPerSecond / decode.OpsPerSecond,
            ["client_push_vs_decode_ceiling"] = pushThroughClient.OpsPerSecond / decode.OpsPerSecond,
            ["memory_per_camera_mb"] = memoryPerCamera.ResidentMb,
            ["managed_memory_per_camera_mb"] = memoryPerCamera.ManagedMb,
            ["motion_bytes_allocated_per_frame"] = motionBytesPerFrame,
        })
        {
            Targets = new Dictionary<string, string>
            {
                ["push_vs_decode_ceiling"] = ">= 0.8",
                ["memory_per_camera_mb"] = "<= 6 (30-frame buffer)",
                ["motion_bytes_allocated_per_frame"] = "< 1 (steady state allocates nothing)",
            },
        }.WriteAsync(arguments.OutputPath);
    }

    /// <summary>Registers the cameras; the load is PushFrame with motion detection, <paramref name="concurrency"/> pushes in flight.</summary>
    private static async Task<Load> PushAsync(string name, IGrainFactory factory, string prefix, int cameras, int concurrency, IReadOnlyList<byte[]> frames)
    {
        var grains = Enumerable.Range(0, cameras).Select(i => factory.GetCamera($"{prefix}-{i}")).ToArray();
        foreach (var grain in grains)
        {
            await grain.Register(new CameraRegistration(CameraSourceType.HttpPush, Persist: new PersistencePolicy(PersistMode.None)));
        }
        return new Load(name, concurrency,
            (worker, sequence) => grains[worker % cameras].PushFrame(new FrameData(frames[(int)((sequence + worker) % frames.Count)])));
    }

    /// <summary>
    /// Scaled gray decode (what motion detection costs) and nothing else, on every core, with as many workers as
    /// the pushes have in flight, each yielding to the thread pool like a push: on a shared machine a load with
    /// more runnable threads gets a larger share of the cores, so both get the same number.
    /// </summary>
    private static Load DecodeCeiling(IReadOnlyList<byte[]> frames, int concurrency)
    {
        var header = TurboJpeg.ReadHeader(frames[0]);
        var scale = JpegScale.ForTargetWidth(header.Width, MotionSettings.Default.TargetWidth);
        var width = scale.Apply(header.Width);
        var height = scale.Apply(header.Height);
        return new Load("turbojpeg scaled decode ceiling", concurrency, async (worker, sequence) =>
        {
            await Task.Yield();
            var pixels = ArrayPool<byte>.Shared.Rent(width * height);
            TurboJpeg.DecodeGray(frames[(int)((sequence + worker) % frames.Count)], pixels.AsSpan(0, width * height), width, height);
            ArrayPool<byte>.Shared.Return(pixels);
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

    /// <summary>
    /// Activates cameras, fills their 30-frame buffers, and divides the growth of the process's resident memory
    /// and of the managed heap's live bytes by the number of cameras. Taken before any load, so that the
    /// resident set has to grow for the buffers rather than reuse heap a load left committed.
    /// </summary>
    private static async Task<(double ResidentMb, double ManagedMb)> MeasureMemoryPerCameraAsync(BenchProductCluster product, IReadOnlyList<byte[]> frames, int count)
    {
        var before = Settled();
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
        var after = Settled();
        var resident = (after.Resident - before.Resident) / (double)count / (1024 * 1024);
        var managed = (after.Managed - before.Managed) / (double)count / (1024 * 1024);
        Console.WriteLine($"-- memory: {count} cameras with 30 frames each grew the resident set by {(after.Resident - before.Resident) / 1048576.0:0.0} MB " +
            $"({resident:0.00} MB per camera) and the live managed heap by {(after.Managed - before.Managed) / 1048576.0:0.0} MB ({managed:0.00} MB per camera)");
        return (resident, managed);
    }

    private static (long Resident, long Managed) Settled()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return (process.WorkingSet64, managed);
    }
}
