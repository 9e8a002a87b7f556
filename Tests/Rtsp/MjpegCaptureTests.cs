using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Events;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Rtsp.Support;

namespace IngestionCluster.Tests.Rtsp;

/// <summary>
/// The camera-ingest seed's <c>mjpeg</c> cameras: an IP camera's MJPEG stream over HTTP, captured by ffmpeg in the camera's
/// one capture loop, as an RTSP stream is.
/// </summary>
[Collection(RtspTestsCollection.Name)]
public sealed class MjpegCaptureTests
{
    private static readonly Dictionary<string, string?> _shortTimeouts = RtspTestOptions.ShortSettings();

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task An_mjpeg_camera_is_captured_and_its_frames_and_events_say_mjpeg(StorageKind storage)
    {
        await using var source = await MjpegHttpCamera.StartAsync(SharedJpegs.Samples.MovingBlock);
        await using var product = await ProductCluster.StartAsync(storage, settings: _shortTimeouts);
        var camera = product.Grains.GetCamera("mjpeg-door");

        var info = await camera.Register(new CameraRegistration(CameraSourceType.Mjpeg, source.Url, Fps: 2, Persist: new PersistencePolicy(PersistMode.All)));
        Assert.Equal(CameraSourceType.Mjpeg, info.SourceType);

        await Eventually.TrueAsync(async () => (await camera.GetInfo())!.FramesReceived >= 3, TimeSpan.FromSeconds(30), "frames of the MJPEG stream arrive");
        Assert.Equal(CaptureStatus.Connected, (await camera.GetInfo())!.Capture);
        // At the registered 2 fps of the camera's 5 (not 2 × 5 / 25: the stream has no timestamps of its own, and ffmpeg
        // would take it for 25 fps): about 12 frames in 6 s; a busy machine delays frames, never adds them.
        var first = (await camera.GetInfo())!.FramesReceived;
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.InRange((await camera.GetInfo())!.FramesReceived - first, 7, 16);
        var latest = await camera.GetLatestFrame();
        Assert.True(RtspTestOptions.IsWholeJpeg(latest!.Jpeg));
        await Eventually.TrueAsync(() => product.EventsOfType(CameraEventTypes.Connected).Any(e => e.GetProperty("source").GetString() == "mjpeg"),
            TimeSpan.FromSeconds(10), "camera.connected says mjpeg");
        Assert.Contains(product.EventsOfType(CameraEventTypes.FrameIngested), e => e.GetProperty("data").GetProperty("source").GetString() == "mjpeg");
        await Assert.ThrowsAsync<WrongSourceTypeException>(() => camera.PushFrame(new FrameData(SharedJpegs.Samples.TestCard)));
        await camera.Unregister();
    }

    [Fact]
    public async Task An_mjpeg_camera_that_goes_away_is_reconnected_when_it_is_back()
    {
        await using var source = await MjpegHttpCamera.StartAsync(SharedJpegs.Samples.StaticScene);
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone, settings: _shortTimeouts);
        var camera = product.Grains.GetCamera("mjpeg-yard");
        await camera.Register(new CameraRegistration(CameraSourceType.Mjpeg, source.Url, Fps: 2, Persist: new PersistencePolicy(PersistMode.None)));
        await Eventually.TrueAsync(async () => (await camera.GetInfo())!.Capture == CaptureStatus.Connected, TimeSpan.FromSeconds(30), "the capture connects");

        await source.StopAsync();
        await Eventually.TrueAsync(async () => (await camera.GetInfo())!.Capture == CaptureStatus.Reconnecting, TimeSpan.FromSeconds(30), "the capture sees the camera gone");
        await Eventually.TrueAsync(() => product.EventsOfType(CameraEventTypes.Disconnected).Any(e => e.GetProperty("camera_id").GetString() == "mjpeg-yard"),
            TimeSpan.FromSeconds(10), "camera.disconnected");
        var before = (await camera.GetInfo())!.FramesReceived;

        await source.StartAgainAsync();
        await Eventually.TrueAsync(async () => (await camera.GetInfo())!.FramesReceived > before, TimeSpan.FromSeconds(45), "frames arrive again");
        Assert.Equal(CaptureStatus.Connected, (await camera.GetInfo())!.Capture);
        await camera.Unregister();
    }

    [Theory]
    [InlineData("rtsp://127.0.0.1:554/stream")]
    [InlineData("ftp://127.0.0.1/video.mjpg")]
    [InlineData(null)]
    public async Task An_mjpeg_camera_needs_an_http_url(string? url)
    {
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => product.Grains.GetCamera("mjpeg-bad").Register(new CameraRegistration(CameraSourceType.Mjpeg, url)));
        Assert.Contains("source_url", error.Message, StringComparison.Ordinal);
        Assert.Null(await product.Grains.GetCamera("mjpeg-bad").GetInfo());
    }
}
