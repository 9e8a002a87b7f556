using System.Diagnostics;
using IngestionCluster.Bench.Cameras;
using IngestionCluster.Bench.Cluster;
using IngestionCluster.Bench.Infrastructure;
using IngestionCluster.Grains.Abstractions.Ids;

namespace IngestionCluster.Bench.Failover;

/// <summary>
/// Three silo processes and a gateway under MQTT load (named 150 KB images in 15 chunks) and HTTP push load;
/// one silo is killed with SIGKILL. Before the kill, every camera is asked where it lives
/// (<c>CameraInfo.Silo</c>) and the silo hosting the most cameras is the victim. <c>recovery_s</c>: from the
/// kill until every camera of the victim answers again from another silo. <c>lost</c> and <c>duplicated</c>:
/// images, sequence numbers and pushed frames (every push is stored), audited once the load has stopped (see <see cref="DeliveryAudit"/>).
/// </summary>
public static class FailoverBenchmark
{
    public static async Task RunAsync(BenchArguments arguments)
    {
        var mqttCameras = arguments.Int("cameras", 30);
        var fps = arguments.Double("fps", 1);
        var pushCameraCount = arguments.Int("push-cameras", 8);
        var pushFps = arguments.Double("push-fps", 5);
        var warmup = TimeSpan.FromSeconds(arguments.Double("warmup", 10));
        var afterRecovery = TimeSpan.FromSeconds(arguments.Double("seconds", 10));

        Console.WriteLine("generating 640x360 frames with ffmpeg …");
        var frames = await FfmpegFrames.GenerateAsync(30, 640, 360);
        await using var cluster = await BenchCluster.StartAsync("failover", silos: 3);
        using var http = new HttpClient { BaseAddress = cluster.Gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var push = new PushCameras(http, [.. Enumerable.Range(0, pushCameraCount).Select(i => $"push-{i:D2}")], frames);
        await push.RegisterAsync();
        await using var commits = await ImageCommits.SubscribeAsync(cluster.RedisConfiguration);
        await using var fleet = await MqttCameraFleet.ConnectAsync(cluster.Mosquitto, cluster.TopicRoot, "mqtt", mqttCameras, arguments.Int("image-kb", 150) * 1024, arguments.Int("chunks", 15));

        using var stop = new CancellationTokenSource();
        var started = Stopwatch.GetTimestamp();
        var load = Task.WhenAll(fleet.RunAsync(fps, stop.Token), push.RunAsync(pushFps, stop.Token));
        Console.WriteLine($"-- load: {mqttCameras} MQTT cameras x {fps:0.##} fps, {pushCameraCount} push cameras x {pushFps:0.##} fps; warm-up {warmup.TotalSeconds:0} s");
        await Task.Delay(warmup);

        var grains = cluster.Processes.Client.Grains;
        var cameraIds = push.CameraIds.Concat(Enumerable.Range(0, mqttCameras).Select(fleet.CameraId)).ToList();
        var homes = new Dictionary<string, string>();
        foreach (var camera in cameraIds)
        {
            homes[camera] = (await grains.GetCamera(camera).GetInfo())?.Silo ?? throw new InvalidOperationException($"Camera {camera} is not registered.");
        }
        var victimName = homes.Values.GroupBy(s => s).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        var victimCameras = homes.Where(h => h.Value == victimName).Select(h => h.Key).ToList();
        Console.WriteLine($"-- cameras per silo: {string.Join(", ", homes.Values.GroupBy(s => s).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"))}; killing {victimName} (kill -9)");

        var killedAt = Stopwatch.GetTimestamp();
        await cluster.Processes.Silos.Single(s => s.Name == victimName).KillAsync();
        var recovery = await RecoveryProbe.RunAsync(grains, victimCameras, victimName, killedAt, TimeSpan.FromSeconds(60));
        var recoverySeconds = recovery.Values.Max();
        Console.WriteLine($"-- every camera of {victimName} answered again {recoverySeconds:0.00} s after the kill (median camera {Median(recovery.Values):0.00} s)");

        await Task.Delay(afterRecovery);
        var loadSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await stop.CancelAsync();
        await load;
        Console.WriteLine("-- load stopped; auditing images and sequence numbers …");
        var audit = await DeliveryAudit.TakeAsync(cluster.Processes.Metadata, fleet, push, TimeSpan.FromSeconds(90));

        var pushLatencies = push.LatenciesMs.Order().ToArray();
        var commitLatencies = fleet.Published.Values.Where(p => p.Acknowledged)
            .Select(p => commits.TryGet(p.CameraId, p.ImageId, out var at) ? Stopwatch.GetElapsedTime(p.LastChunkSentAt, at).TotalMilliseconds : double.PositiveInfinity)
            .Order().ToArray();
        await new BenchReport("failover",
        [
            new BenchMeasurement("push_through_failover", audit.SequencesAcknowledged / loadSeconds, Percentiles.Of(pushLatencies, 50), Percentiles.Of(pushLatencies, 99))
            {
                Extra = new()
                {
                    ["cameras"] = pushCameraCount, ["fps_per_camera"] = pushFps, ["retried_attempts"] = push.Retries,
                    ["max_ms"] = pushLatencies.Length == 0 ? double.NaN : pushLatencies[^1],
                },
            },
            // Images stored per second of load (the audit waited for the last ones); an image stored by the victim just
            // before the kill may have lost its image.assembled event, which shows as an infinite max_ms only.
            new BenchMeasurement("mqtt_through_failover", audit.ImagesStored / loadSeconds, Percentiles.Of(commitLatencies, 50), Percentiles.Of(commitLatencies, 99))
            {
                Extra = new()
                {
                    ["cameras"] = mqttCameras, ["fps_per_camera"] = fps,
                    ["max_ms"] = commitLatencies.Length == 0 ? double.NaN : commitLatencies[^1],
                },
            },
        ], new Dictionary<string, double>())
        {
            Fields = new()
            {
                ["recovery_s"] = Math.Round(recoverySeconds, 3),
                ["recovery_median_camera_s"] = Math.Round(Median(recovery.Values), 3),
                ["lost"] = audit.Lost,
                ["duplicated"] = audit.Duplicated,
                ["victim"] = victimName,
                ["victim_cameras"] = victimCameras.Count,
                ["images_expected"] = audit.ImagesExpected,
                ["images_stored"] = audit.ImagesStored,
                ["lost_images"] = audit.LostImages,
                ["duplicated_images"] = audit.DuplicatedImages,
                ["unexpected_images"] = audit.UnexpectedImages,
                ["sequences_acknowledged"] = audit.SequencesAcknowledged,
                ["lost_sequences"] = audit.LostSequences,
                ["duplicated_sequences"] = audit.DuplicatedSequences,
                ["pushed_frames_stored"] = audit.PushedFramesStored,
                ["lost_pushed_frames"] = audit.LostPushedFrames,
                ["duplicated_pushed_frames"] = audit.DuplicatedPushedFrames,
            },
            Targets = new Dictionary<string, string>
            {
                ["recovery_s"] = "< 5",
                ["lost"] = "0",
                ["duplicated"] = "0",
            },
        }.WriteAsync(arguments.OutputPath);
    }

    private static double Median(IEnumerable<double> values) => Percentiles.Of([.. values.Order()], 50);
}
