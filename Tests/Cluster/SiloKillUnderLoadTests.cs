using System.Collections.Concurrent;
using IngestionCluster.Grains.Abstractions.Images;
using IngestionCluster.Grains.Metadata;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Processes;

namespace IngestionCluster.Tests.Cluster;

[Collection(HeavyTestsCollection.Name)]
public sealed class SiloKillUnderLoadTests
{
    [Fact]
    public async Task A_silo_killed_during_mqtt_and_push_load_loses_no_image_and_reuses_no_sequence()
    {
        var mosquitto = await TestServers.Mosquitto;
        var topicRoot = $"kill{Guid.NewGuid().ToString("N")[..8]}";
        await using var cluster = await ProcessCluster.StartAsync("silo-kill", silos: 3, gateways: 1, gatewaySettings: ClusterSettings.MqttGateway(mosquitto, topicRoot));
        using var http = ClusterHttp.For(cluster.Gateways[0]);
        var pushCameras = Enumerable.Range(0, 4).Select(i => $"push-cam-{i}").ToArray();
        foreach (var camera in pushCameras)
        {
            await ClusterHttp.RegisterAsync(http, camera);
        }
        // Cameras that store every pushed frame: a push the killed silo stored but never answered is retried, and must not be stored twice.
        var storingCameras = Enumerable.Range(0, 2).Select(i => $"stored-cam-{i}").ToArray();
        foreach (var camera in storingCameras)
        {
            await ClusterHttp.RegisterAsync(http, camera, persist: new { mode = "all" });
        }
        var pool = new[] { SharedJpegs.Samples.TestCard, SharedJpegs.Samples.White, SharedJpegs.Samples.VgaTestCard, SharedJpegs.Samples.WhiteOddSize };
        const int mqttCameras = 6;
        const int imagesPerCamera = 4;
        var expected = Enumerable.Range(0, mqttCameras).ToDictionary(
            c => $"mqtt-cam-{c}", c => Enumerable.Range(0, imagesPerCamera).Select(i => pool[(c + i) % pool.Length]).ToArray());

        // Cameras without image_id that send one picture again and again, the ThermoSense way: their count is their identity.
        var samePictureCameras = Enumerable.Range(0, 4).Select(c => $"same-cam-{c}").ToArray();
        const int samePictureImages = 12;

        var sequences = new ConcurrentDictionary<string, ConcurrentBag<long>>();
        using var stop = new CancellationTokenSource();
        var pushes = Task.WhenAll(pushCameras.Select(camera => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                sequences.GetOrAdd(camera, _ => []).Add(await ClusterHttp.PushAsync(http, camera));
            }
        })));
        var stamps = new ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>>();
        var storedPushes = Task.WhenAll(storingCameras.Select((camera, c) => Task.Run(async () =>
        {
            var stamp = DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_000);
            for (var frame = 0; !stop.IsCancellationRequested; frame++)
            {
                stamp = stamp.AddMilliseconds(100);
                await ClusterHttp.PushAsync(http, camera, SharedJpegs.Samples.StaticScene[frame % SharedJpegs.Samples.StaticScene.Count], timestamp: stamp);
                stamps.GetOrAdd(camera, _ => new()).Enqueue(stamp);
                await Task.Delay(200);
            }
        })));
        var publishing = Task.WhenAll(expected.Select(camera => Task.Run(async () =>
        {
            for (var image = 0; image < imagesPerCamera; image++)
            {
                // Named images, so each one's identity is its image_id whatever the timing around the kill.
                await MosquittoPublisher.PublishAsync(mosquitto, $"{topicRoot}/{camera.Key}/image_json",
                    Chunks.Split(camera.Value[image], 15, camera.Key, $"shot-{image}"));
                await Task.Delay(300);
            }
        })));
        var repeating = Task.WhenAll(samePictureCameras.Select(camera => Task.Run(async () =>
        {
            for (var image = 0; image < samePictureImages; image++)
            {
                await MosquittoPublisher.PublishAsync(mosquitto, $"{topicRoot}/{camera}/image_json", Chunks.Split(SharedJpegs.Samples.TestCard, 5, camera));
                await Task.Delay(100);
            }
        })));
        await Eventually.TrueAsync(async () => (await CaptureSessionTests.ImagesAsync(cluster.Metadata, "mqtt-cam-0")).Count >= 1,
            TimeSpan.FromSeconds(60), "the load is under way");

        await cluster.Silos[0].KillAsync();
        var pushedAtKill = pushCameras.ToDictionary(camera => camera, camera => sequences.GetOrAdd(camera, _ => []).Count);
        var storedAtKill = storingCameras.ToDictionary(camera => camera, camera => stamps.GetOrAdd(camera, _ => new()).Count);
        await publishing;
        await repeating;
        // Every push camera goes on being served after the failover, wherever its activation lives now.
        await Eventually.TrueAsync(() => pushCameras.All(camera => sequences[camera].Count >= pushedAtKill[camera] + 5), TimeSpan.FromSeconds(90),
            "every push camera had 5 more frames accepted after the kill");
        await Eventually.TrueAsync(() => storingCameras.All(camera => stamps[camera].Count >= storedAtKill[camera] + 5), TimeSpan.FromSeconds(90),
            "every storing camera had 5 more frames accepted after the kill");
        await stop.CancelAsync();
        await pushes;
        await storedPushes;

        foreach (var (camera, images) in expected)
        {
            var stored = await CaptureSessionTests.WaitForImagesAsync(cluster.Metadata, camera, imagesPerCamera, TimeSpan.FromSeconds(90));
            Assert.Equal(images.Select(CaptureSessionTests.Sha256).Order(), stored.Select(r => r.Sha256).Order());
        }
        foreach (var (camera, pushed) in sequences)
        {
            Assert.Equal(pushed.Count, pushed.Distinct().Count());
            // The camera's activation (wherever it lives now) handed out the highest sequence last.
            Assert.Equal(pushed.Max(), (await ClusterHttp.CameraAsync(http, camera)).GetProperty("last_sequence").GetInt64());
        }
        foreach (var camera in samePictureCameras)
        {
            var stored = await CaptureSessionTests.WaitForImagesAsync(cluster.Metadata, camera, samePictureImages, TimeSpan.FromSeconds(90));
            Assert.All(stored, row => Assert.Equal(CaptureSessionTests.Sha256(SharedJpegs.Samples.TestCard), row.Sha256));
        }
        foreach (var camera in storingCameras)
        {
            var acknowledged = stamps[camera].ToArray();
            IReadOnlyList<ImageRecord> stored = [];
            await Eventually.TrueAsync(async () => (stored = (await cluster.Metadata.ListImagesAsync(new ImageQuery(camera, null, null, 0, 10_000), CancellationToken.None)).Items).Count >= acknowledged.Length,
                TimeSpan.FromSeconds(90), $"every acknowledged push of {camera} is stored");
            Assert.Equal(acknowledged.Order(), stored.Select(row => row.CapturedAt).Order());
        }
        // Exactly once: a second look finds no image twice, and nothing went stale.
        foreach (var (camera, count) in expected.Keys.Select(camera => (camera, imagesPerCamera)).Concat(samePictureCameras.Select(camera => (camera, samePictureImages))))
        {
            Assert.Equal(count, (await CaptureSessionTests.ImagesAsync(cluster.Metadata, camera)).Count);
            Assert.Empty(await cluster.Metadata.ListStaleSessionsAsync(camera, CancellationToken.None));
        }
    }
}
