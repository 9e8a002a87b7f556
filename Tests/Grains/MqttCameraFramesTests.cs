using System.Text.Json;
using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Events;
using IngestionCluster.Grains.Abstractions.Ids;

namespace IngestionCluster.Tests.Grains;

/// <summary>Images a camera sends over MQTT are its frames too: the live view, the counters and the events see them.</summary>
public sealed class MqttCameraFramesTests
{
    private static readonly TimeSpan _wait = TimeSpan.FromSeconds(15);

    public static TheoryData<StorageKind> Modes => new() { StorageKind.Standalone, StorageKind.Cluster };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Stored_mqtt_jpegs_join_the_ring_buffer_and_are_announced_with_their_image_ids(StorageKind storage)
    {
        await using var product = await ProductCluster.StartAsync(storage);
        var images = new[] { SharedJpegs.Samples.TestCard, SharedJpegs.Samples.White };
        var camera = product.Grains.GetCamera("mqtt-live");

        foreach (var chunk in images.SelectMany(image => Chunks.Split(image, 5, "mqtt-live")))
        {
            await camera.ReceiveChunk(chunk);
        }

        var stored = await CaptureSessionTests.WaitForImagesAsync(product, "mqtt-live", 2);
        await Eventually.TrueAsync(async () => (await camera.GetBufferedFrames()).Count == 2, _wait, "both images are in the ring buffer");
        var buffered = await camera.GetBufferedFrames();
        // Each image is stored by its own session: they may reach the camera in either order.
        Assert.Equal(images.Select(image => image.Length).Order(), buffered.Select(frame => frame.SizeBytes).Order());
        var latest = await camera.GetLatestFrame();
        Assert.Equal(buffered[^1].Sequence, latest!.Sequence);
        Assert.Contains(images, image => image.AsSpan().SequenceEqual(latest.Jpeg));
        var info = (await camera.GetInfo())!;
        Assert.Equal(2, info.FramesReceived);
        Assert.Equal(buffered[^1].Sequence, info.LastSequence);
        Assert.NotNull(info.LastFrameAt);
        await Eventually.TrueAsync(() => FrameEvents(product, "mqtt-live").Count() == 2, _wait, "frame.ingested for each image");
        var events = FrameEvents(product, "mqtt-live").ToList();
        Assert.All(events, e => Assert.Equal("mqtt", e.GetProperty("source").GetString()));
        Assert.Equal(stored.Select(row => row.ImageId).Order(), events.Select(e => e.GetProperty("image_id").GetString()).Order());
        Assert.Equal(buffered.Select(frame => frame.Sequence), events.Select(e => e.GetProperty("sequence").GetInt64()).Order());
        // Stored once by the session: the camera's own persistence never stores them again.
        Assert.Equal(2, (await CaptureSessionTests.ImagesAsync(product, "mqtt-live")).Count);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_stored_mqtt_png_or_broken_jpeg_is_counted_but_not_buffered(StorageKind storage)
    {
        await using var product = await ProductCluster.StartAsync(storage);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Enumerable.Repeat((byte)7, 300)];
        byte[] brokenJpeg = [.. SharedJpegs.Samples.TestCard.AsSpan(0, 400)];
        var camera = product.Grains.GetCamera("mqtt-png");

        foreach (var chunk in Chunks.Split(png, 3, "mqtt-png", "png-1").Concat(Chunks.Split(brokenJpeg, 2, "mqtt-png", "jpeg-1")))
        {
            await camera.ReceiveChunk(chunk);
        }

        var stored = await CaptureSessionTests.WaitForImagesAsync(product, "mqtt-png", 2);
        Assert.Equal(["image/jpeg", "image/png"], stored.Select(row => row.ContentType).Order());
        await Eventually.TrueAsync(async () => (await camera.GetInfo())!.FramesReceived == 2, _wait, "both images are counted");
        var info = (await camera.GetInfo())!;
        Assert.NotNull(info.LastFrameAt);
        Assert.NotNull(info.LastReceivedAt);
        Assert.Equal(0, info.FramesBuffered);
        Assert.Empty(await camera.GetBufferedFrames());
        Assert.Empty(FrameEvents(product, "mqtt-png"));
    }

    private static IEnumerable<JsonElement> FrameEvents(ProductCluster product, string cameraId) =>
        product.EventsOfType(CameraEventTypes.FrameIngested).Where(e => e.GetProperty("camera_id").GetString() == cameraId);
}
