using IngestionCluster.Grains.Abstractions.Events;
using IngestionCluster.Tests.Cluster.Support;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Processes;

namespace IngestionCluster.Tests.Cluster;

[Collection(HeavyTestsCollection.Name)]
public sealed class StoreOutageTests
{
    public static TheoryData<string> Outages => new() { "redis", "postgres", "s3" };

    [Theory]
    [MemberData(nameof(Outages))]
    public async Task After_a_store_restarts_during_mqtt_load_every_image_is_stored_exactly_once(string outage)
    {
        var mosquitto = await TestServers.Mosquitto;
        await using var stores = await PrivateStores.StartAsync();
        ServerProcess down = outage switch { "redis" => stores.Redis, "postgres" => stores.Postgres, _ => stores.S3 };
        var topicRoot = $"outage{Guid.NewGuid().ToString("N")[..8]}";
        var settings = await stores.ClusterSettingsAsync("outage");
        await using var cluster = await ProcessCluster.StartAsync("outage", silos: 2, gateways: 1, settings, ClusterSettings.MqttGateway(mosquitto, topicRoot));
        // Redis carries the events: while it is down they are lost (best effort), so only the other outages count them.
        await using var events = outage == "redis" ? null : await CameraEventRecorder.StartForAllCamerasAsync(stores.Redis.Configuration);
        var pool = new[] { SharedJpegs.Samples.TestCard, SharedJpegs.Samples.White, SharedJpegs.Samples.VgaTestCard, SharedJpegs.Samples.WhiteOddSize };
        const int cameras = 4;
        const int imagesPerCamera = 8;
        var expected = Enumerable.Range(0, cameras).ToDictionary(
            c => $"{outage}-cam-{c}", c => Enumerable.Range(0, imagesPerCamera).Select(i => pool[(c + i) % pool.Length]).ToArray());

        var publishing = Task.WhenAll(expected.Select(camera => Task.Run(async () =>
        {
            for (var image = 0; image < imagesPerCamera; image++)
            {
                await MosquittoPublisher.PublishAsync(mosquitto, $"{topicRoot}/{camera.Key}/image_json",
                    Chunks.Split(camera.Value[image], 15, camera.Key, $"shot-{image}"));
                await Task.Delay(700);
            }
        })));
        await Eventually.TrueAsync(async () => (await CaptureSessionTests.ImagesAsync(cluster.Metadata, $"{outage}-cam-0")).Count >= 1,
            TimeSpan.FromSeconds(60), "the load is under way");
        var storedBefore = 0;
        foreach (var camera in expected.Keys)
        {
            storedBefore += (await CaptureSessionTests.ImagesAsync(cluster.Metadata, camera)).Count;
        }
        Assert.True(storedBefore < cameras * imagesPerCamera, "the outage starts while images are still arriving");
        await down.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(4));
        await down.StartAsync();
        await publishing;

        foreach (var (camera, images) in expected)
        {
            var stored = await CaptureSessionTests.WaitForImagesAsync(cluster.Metadata, camera, imagesPerCamera, TimeSpan.FromSeconds(120));
            Assert.Equal(images.Select(CaptureSessionTests.Sha256).Order(), stored.Select(r => r.Sha256).Order());
            Assert.Empty(await cluster.Metadata.ListStaleSessionsAsync(camera, CancellationToken.None));
        }
        var storedIds = new List<string>();
        foreach (var (camera, _) in expected)
        {
            var blobs = await CaptureSessionTests.ImagesAsync(cluster.Metadata, camera);
            Assert.Equal(imagesPerCamera, blobs.Count);
            storedIds.AddRange(blobs.Select(b => b.ImageId));
        }
        if (events is not null)
        {
            // Every stored image is announced once, also when its store was retried after the row had committed.
            Dictionary<string, int> Announcements() => events.OfType(CameraEventTypes.ImageAssembled)
                .CountBy(e => e.Body.GetProperty("image_id").GetString()!).ToDictionary();
            await Eventually.TrueAsync(() => storedIds.All(Announcements().ContainsKey), TimeSpan.FromSeconds(10), "every stored image is announced");
            var announcements = Announcements();
            Assert.All(storedIds, id => Assert.Equal(1, announcements[id]));
            Assert.Equal(storedIds.Order(), announcements.Keys.Order());
        }
    }
}
