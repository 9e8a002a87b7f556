using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using IngestionCluster.Storage.Events;
using Microsoft.Extensions.DependencyInjection;
using IngestionCluster.Bench.Infrastructure;
using IngestionCluster.Bench.Product;
using IngestionCluster.Gateway.Mqtt.Bridge;
using IngestionCluster.Gateway.Mqtt.Client;
using IngestionCluster.Grains.Abstractions.Events;
using IngestionCluster.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;

namespace IngestionCluster.Bench.MqttChunks;

/// <summary>
/// Simulated cameras publish image chunks to a real Mosquitto; the bridge hands them to the grains,
/// which assemble and store them. Reports images/s fully stored, latency from the last chunk's publish to
/// the committed row (the <c>image.assembled</c> event comes after the commit), the raw ceiling of the same
/// stream through Mosquitto without processing, and with <c>--max</c> the highest sustained rate.
/// </summary>
public static class MqttChunksBenchmark
{
    public static async Task RunAsync(BenchArguments arguments)
    {
        var cameras = arguments.Int("cameras", 100);
        var fps = arguments.Double("fps", 1);
        var imageBytes = arguments.Int("image-kb", 150) * 1024;
        var chunks = arguments.Int("chunks", 15);
        var duration = arguments.Duration;
        var clusterSilos = arguments.Int("cluster", 0);
        var connections = arguments.Int("connections", 4);
        var mosquitto = await TestServers.Mosquitto;

        await using var product = await StartProductAsync(clusterSilos);
        var mode = clusterSilos > 0 ? $"cluster ({clusterSilos} silos, redis, postgres, s3)" : "standalone (in-memory, sqlite, folder)";
        Console.WriteLine($"-- {mode}: {SimulatedCameras.Describe(cameras, fps, imageBytes, chunks)}");

        var results = new List<BenchMeasurement>();
        var ratios = new Dictionary<string, double>();

        var paced = await RunPipelineAsync(product, mosquitto, cameras, imageBytes, chunks, connections, async (simulated, ct) => await simulated.RunPacedAsync(fps, ct), duration, $"pipeline {fps:0.##} fps/camera");
        results.Add(paced);

        var raw = await RawCeilingAsync(mosquitto, cameras, imageBytes, chunks, connections, duration);
        results.Add(raw);

        if (arguments.Flag("max"))
        {
            var sustained = await FindSustainedMaximumAsync(product, mosquitto, cameras, imageBytes, chunks, connections, fps, raw.OpsPerSecond);
            results.Add(sustained);
            ratios["sustained_max_vs_raw"] = sustained.OpsPerSecond / raw.OpsPerSecond;
        }

        await new BenchReport("mqtt-chunks", results, ratios)
        {
            Targets = new Dictionary<string, string>
            {
                ["p99_ms at 100 cameras x 1 fps"] = "< 100",
                ["sustained_max_vs_raw"] = ">= 0.3",
            },
        }.WriteAsync(arguments.OutputPath);
    }

    private static Task<BenchProductCluster> StartProductAsync(int clusterSilos)
    {
        if (clusterSilos != 0)
        {
            throw new NotSupportedException("--cluster runs silo processes; not available in this build yet.");
        }
        return BenchProductCluster.StartAsync(1, new Dictionary<string, string?> { ["Ingest:PublishFrameEvents"] = "false" });
    }

    /// <summary>Runs publishers through the bridge into the grains and measures stored images and their latency.</summary>
    private static async Task<BenchMeasurement> RunPipelineAsync(BenchProductCluster product, MosquittoServer mosquitto, int cameras, int imageBytes, int chunks, int connectionCount,
        Func<SimulatedCameras, CancellationToken, Task> publish, TimeSpan duration, string name)
    {
        var topicRoot = $"bench{Guid.NewGuid().ToString("N")[..8]}";
        var bridgeOptions = Options(mosquitto, "bridge", cleanStart: false);
        bridgeOptions.Topic = $"{topicRoot}/+/image_json";
        await using var bridge = new MqttBridge(bridgeOptions, product.Cluster.Client, NullLoggerFactory.Instance, TimeProvider.System);
        await bridge.StartAsync(CancellationToken.None);
        await bridge.WaitUntilConnectedAsync(CancellationToken.None);

        var connections = await ConnectAsync(mosquitto, connectionCount);
        var simulated = new SimulatedCameras(connections, topicRoot, cameras, imageBytes, chunks);
        var latencies = new ConcurrentBag<double>();
        var measuring = false;
        long stored = 0;
        await using var subscription = await product.Cluster.Silos[0].SiloHost.Services.GetRequiredService<ICameraEventBus>().SubscribeAsync(e =>
        {
            var now = Stopwatch.GetTimestamp();
            using var document = JsonDocument.Parse(e.Payload);
            var root = document.RootElement;
            if (root.GetProperty("type").GetString() != CameraEventTypes.ImageAssembled)
            {
                return ValueTask.CompletedTask;
            }
            var key = $"{root.GetProperty("camera_id").GetString()}/{root.GetProperty("session_id").GetString()![4..]}";
            if (Volatile.Read(ref measuring) && simulated.LastChunkPublished.TryGetValue(key, out var published))
            {
                latencies.Add(Stopwatch.GetElapsedTime(published, now).TotalMilliseconds);
                Interlocked.Increment(ref stored);
            }
            return ValueTask.CompletedTask;
        }, CancellationToken.None);

        using var stop = new CancellationTokenSource();
        var publishing = publish(simulated, stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(5));
        Volatile.Write(ref measuring, true);
        var clock = Stopwatch.StartNew();
        var publishedAtStart = Interlocked.Read(ref simulated.ImagesPublished);
        await Task.Delay(duration);
        var elapsed = clock.Elapsed.TotalSeconds;
        Volatile.Write(ref measuring, false);
        var offered = (Interlocked.Read(ref simulated.ImagesPublished) - publishedAtStart) / elapsed;
        await stop.CancelAsync();
        await publishing;
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
        await bridge.StopAsync(CancellationToken.None);

        var sorted = latencies.Order().ToArray();
        double Percentile(double p) => sorted.Length == 0 ? double.NaN : sorted[(int)Math.Clamp(Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new BenchMeasurement(name, Interlocked.Read(ref stored) / elapsed, Percentile(50), Percentile(99))
        {
            Extra = new() { ["offered_images_per_s"] = offered, ["cameras"] = cameras },
        };
    }

    /// <summary>The same chunk stream through Mosquitto to one subscriber that only acknowledges: images/s = messages/s ÷ chunks.</summary>
    private static async Task<BenchMeasurement> RawCeilingAsync(MosquittoServer mosquitto, int cameras, int imageBytes, int chunks, int connectionCount, TimeSpan duration)
    {
        var topicRoot = $"raw{Guid.NewGuid().ToString("N")[..8]}";
        long received = 0;
        var subscriberOptions = Options(mosquitto, "raw-sub", cleanStart: true);
        await using var subscriber = new MqttSubscriber(subscriberOptions, $"{topicRoot}/+/image_json", async (message, ct) =>
        {
            Interlocked.Increment(ref received);
            await message.AcknowledgeAsync(ct);
        }, NullLogger<MqttSubscriber>.Instance);
        await subscriber.StartAsync();
        await subscriber.WaitUntilConnectedAsync();

        var connections = await ConnectAsync(mosquitto, connectionCount);
        var simulated = new SimulatedCameras(connections, topicRoot, cameras, imageBytes, chunks);
        using var stop = new CancellationTokenSource();
        var publishing = simulated.RunFloodAsync(stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var start = Interlocked.Read(ref received);
        var clock = Stopwatch.StartNew();
        await Task.Delay(duration);
        var messages = Interlocked.Read(ref received) - start;
        var elapsed = clock.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await publishing;
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
        Console.WriteLine($"-- raw ceiling: {messages / elapsed:0} messages/s");
        return new BenchMeasurement("raw mosquitto publish->subscribe", messages / elapsed / chunks, double.NaN, double.NaN)
        {
            Extra = new() { ["messages_per_s"] = messages / elapsed },
        };
    }

    /// <summary>Doubles the rate until fewer than 95 % of the offered images are stored in step; the last rate that kept up is the sustained maximum.</summary>
    private static async Task<BenchMeasurement> FindSustainedMaximumAsync(BenchProductCluster product, MosquittoServer mosquitto, int cameras, int imageBytes, int chunks, int connections,
        double startFps, double rawImagesPerSecond)
    {
        BenchMeasurement? best = null;
        var failedAt = double.NaN;
        for (var fps = startFps; fps <= 64; fps *= 2)
        {
            var step = await MaxSearchStepAsync(product, mosquitto, cameras, imageBytes, chunks, connections, fps);
            if (step is null)
            {
                failedAt = fps;
                break;
            }
            best = step;
        }
        // One refinement between the last rate that kept up and the first that did not.
        if (best is not null && !double.IsNaN(failedAt) && await MaxSearchStepAsync(product, mosquitto, cameras, imageBytes, chunks, connections, failedAt * 0.75) is { } refined)
        {
            best = refined;
        }
        var sustained = best ?? throw new InvalidOperationException("The pipeline did not keep up even at the starting rate.");
        return sustained with { Name = "sustained maximum (pipeline)", Extra = new(sustained.Extra!) { ["raw_images_per_s"] = rawImagesPerSecond } };
    }

    /// <summary>One rate step; null when fewer than 95 % of the offered images were stored or latency ran away.</summary>
    private static async Task<BenchMeasurement?> MaxSearchStepAsync(BenchProductCluster product, MosquittoServer mosquitto, int cameras, int imageBytes, int chunks, int connections, double fps)
    {
        var step = await RunPipelineAsync(product, mosquitto, cameras, imageBytes, chunks, connections,
            async (simulated, ct) => await simulated.RunPacedAsync(fps, ct), TimeSpan.FromSeconds(10), $"max search {fps:0.##} fps/camera");
        var offered = step.Extra!["offered_images_per_s"];
        Console.WriteLine($"-- {fps:0.##} fps/camera: offered {offered:0.0} images/s, stored {step.OpsPerSecond:0.0} images/s, p99 {step.P99Milliseconds:0} ms");
        var keptUp = step.OpsPerSecond >= offered * 0.95 && step.P99Milliseconds < 2000 && offered >= fps * cameras * 0.8;
        return keptUp ? step : null;
    }

    private static async Task<IReadOnlyList<MqttPublisher>> ConnectAsync(MosquittoServer mosquitto, int count)
    {
        var connections = new List<MqttPublisher>();
        for (var i = 0; i < count; i++)
        {
            connections.Add(await MqttPublisher.ConnectAsync(mosquitto));
        }
        return connections;
    }

    private static MqttOptions Options(MosquittoServer mosquitto, string role, bool cleanStart) => new()
    {
        BrokerUrl = mosquitto.BrokerUrl,
        User = mosquitto.User,
        Password = mosquitto.Password,
        ClientId = $"{role}-{Guid.NewGuid().ToString("N")[..8]}",
        CleanStart = cleanStart,
        MaxPacketBytes = 4 * 1024 * 1024,
        KeepAliveSeconds = 30,
    };
}
