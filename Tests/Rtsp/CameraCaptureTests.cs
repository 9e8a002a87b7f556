using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Events;
using IngestionCluster.Grains.Cameras;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Rtsp.Support;
using IngestionCluster.Tests.Telemetry;
using Orleans.Core.Internal;

namespace IngestionCluster.Tests.Rtsp;

/// <summary>RTSP cameras registered with the camera grain: the capture loop, its supervision and its lifecycle.</summary>
[Collection(RtspTestsCollection.Name)]
public sealed class CameraCaptureTests
{
    private static readonly Dictionary<string, string?> _shortTimeouts = RtspTestOptions.ShortSettings();

    [Fact]
    public async Task An_rtsp_camera_fills_its_ring_buffer_at_about_its_fps_and_reports_motion()
    {
        var server = await TestServers.Rtsp;
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone, settings: _shortTimeouts);
        var camera = product.Grains.GetCamera("rtsp-yard");

        await camera.Register(new CameraRegistration(CameraSourceType.Rtsp, server.Url, Fps: 2, Persist: new PersistencePolicy(PersistMode.None)));
        // Past the first frames, which ffmpeg hands over at once (those it buffered while probing the stream).
        await Eventually.TrueAsync(async () => (await camera.GetInfo())!.FramesReceived > 4, TimeSpan.FromSeconds(30), "frames arrive");
        var first = (await camera.GetInfo())!;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // 16 more frames at 2 fps take 8 s of stream; at the source's 10 fps they would take 1.6 s, and at 1 fps 16 s.
        var second = first;
        await Eventually.TrueAsync(async () => (second = (await camera.GetInfo())!).FramesReceived >= first.FramesReceived + 16,
            TimeSpan.FromSeconds(60), "16 more frames arrive");
        var elapsed = clock.Elapsed;

        Assert.Equal(CaptureStatus.Connected, second.Capture);
        // A busy machine can delay frames (ffmpeg then hands them over in a burst), never make the stream faster.
        Assert.InRange(elapsed, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(14));
        var latest = await camera.GetLatestFrame();
        Assert.NotNull(latest);
        Assert.True(RtspTestOptions.IsWholeJpeg(latest.Jpeg));
        Assert.InRange(DateTimeOffset.UtcNow - latest.Timestamp, TimeSpan.Zero, TimeSpan.FromSeconds(15));
        Assert.Contains(product.EventsOfType(CameraEventTypes.Connected), e => e.GetProperty("camera_id").GetString() == "rtsp-yard");
        await Eventually.TrueAsync(() => product.EventsOfType(CameraEventTypes.MotionDetected).Any(), TimeSpan.FromSeconds(15), "the moving pattern shows motion");
        Assert.DoesNotContain(server.Password ?? "\u0000never", second.SourceUrl ?? string.Empty, StringComparison.Ordinal);
        await camera.Unregister();
    }

    [Fact]
    public async Task A_connected_rtsp_camera_shows_the_probed_stream_in_its_info()
    {
        var server = await TestServers.Rtsp;
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone, settings: _shortTimeouts);
        var camera = product.Grains.GetCamera("rtsp-probed");
        await camera.Register(new CameraRegistration(CameraSourceType.Rtsp, server.Url, Fps: 1, Persist: new PersistencePolicy(PersistMode.None)));

        await Eventually.TrueAsync(async () => (await camera.GetInfo())!.Stream is not null, TimeSpan.FromSeconds(40), "the stream is probed");

        var info = (await camera.GetInfo())!;
        Assert.Equal(CaptureStatus.Connected, info.Capture);
        var stream = info.Stream!;
        Assert.Contains(stream.Codec, new[] { "mjpeg", "jpeg" });
        Assert.Equal((640, 360), (stream.Width, stream.Height));
        Assert.InRange(stream.Fps ?? 0, 9.5, 10.5);
        // The camera's own fps (1) is what it captures at; the stream's (10) is what the source sends.
        Assert.Equal(1, info.Fps);

        await camera.Unregister();
    }

    [Fact]
    public async Task A_stopped_server_disconnects_the_camera_and_a_restarted_one_reconnects_it()
    {
        await using var server = await TestServers.StartPrivateAsync<RtspServer>();
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone, settings: _shortTimeouts);
        var camera = product.Grains.GetCamera("rtsp-outage");
        await camera.Register(new CameraRegistration(CameraSourceType.Rtsp, server.Url, Fps: 2, Persist: new PersistencePolicy(PersistMode.None)));
        await Eventually.TrueAsync(async () => (await camera.GetInfo())!.Capture == CaptureStatus.Connected, TimeSpan.FromSeconds(30), "the camera connects");

        await server.StopAsync();
        await Eventually.TrueAsync(() => product.EventsOfType(CameraEventTypes.Disconnected).Any(), TimeSpan.FromSeconds(15), "camera.disconnected within the stall timeout");
        var disconnected = product.EventsOfType(CameraEventTypes.Disconnected).First();
        Assert.False(string.IsNullOrEmpty(disconnected.GetProperty("reason").GetString()));
        var info = (await camera.GetInfo())!;
        Assert.NotEqual(CaptureStatus.Connected, info.Capture);
        Assert.NotNull(info.CaptureError);
        Assert.Null(info.Stream);

        await server.StartAsync();
        await Eventually.TrueAsync(() => product.EventsOfType(CameraEventTypes.Connected).Count() >= 2, TimeSpan.FromSeconds(30), "camera.connected again");
        var before = (await camera.GetInfo())!.FramesReceived;
        await Eventually.TrueAsync(async () => (await camera.GetInfo())!.FramesReceived > before + 2, TimeSpan.FromSeconds(15), "frames resume");
        await camera.Unregister();
    }

    [Fact]
    public async Task Deleting_an_rtsp_camera_leaves_no_ffmpeg_behind_and_no_connected_stream_in_the_metrics()
    {
        var server = await TestServers.Rtsp;
        using var status = new GaugeSpy("camera_ingest_status", "camera_id");
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone, settings: _shortTimeouts);
        var camera = product.Grains.GetCamera("rtsp-delete");
        var url = server.UrlFor(server.SecondPath);
        await camera.Register(new CameraRegistration(CameraSourceType.Rtsp, url, Fps: 1, Persist: new PersistencePolicy(PersistMode.None)));
        await Eventually.TrueAsync(async () => (await camera.GetInfo())!.Capture == CaptureStatus.Connected, TimeSpan.FromSeconds(30), "the camera connects");
        Assert.Single(FfmpegFor(server.SecondPath));
        Assert.Equal(1, status["rtsp-delete"]);

        await camera.Unregister();

        await Eventually.TrueAsync(() => FfmpegFor(server.SecondPath).Count == 0, TimeSpan.FromSeconds(10), "its ffmpeg is gone");
        Assert.Equal(0, status["rtsp-delete"]);
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task An_rtsp_camera_registered_again_as_a_pushed_one_stops_capturing_and_takes_pushes(StorageKind storage)
    {
        var server = await TestServers.Rtsp;
        await using var product = await ProductCluster.StartAsync(storage, settings: _shortTimeouts);
        var camera = product.Grains.GetCamera("rtsp-again");
        await camera.Register(new CameraRegistration(CameraSourceType.Rtsp, server.UrlFor(server.SecondPath), Fps: 1, Persist: new PersistencePolicy(PersistMode.None)));
        await Eventually.TrueAsync(async () => (await camera.GetInfo())!.Capture == CaptureStatus.Connected, TimeSpan.FromSeconds(30), "the camera connects");
        Assert.Single(FfmpegFor(server.SecondPath));

        // The camera-ingest seed's way to change a camera: register it again, whole.
        var again = await camera.Register(new CameraRegistration(CameraSourceType.HttpPush, Fps: 2));

        Assert.Equal(CameraSourceType.HttpPush, again.SourceType);
        Assert.Equal(2, again.Fps);
        Assert.Null(again.SourceUrl);
        await Eventually.TrueAsync(() => FfmpegFor(server.SecondPath).Count == 0, TimeSpan.FromSeconds(10), "its ffmpeg is gone");
        Assert.Equal(0, await CaptureRemindersAsync(product, "rtsp-again"));
        Assert.NotEqual(CaptureStatus.Connected, (await camera.GetInfo())!.Capture);
        var pushed = await camera.PushFrame(new FrameData(SharedJpegs.Samples.TestCard));
        Assert.Equal(pushed.Sequence, (await camera.GetInfo())!.LastSequence);
        await camera.Unregister();
    }

    [Fact]
    public async Task A_camera_beyond_the_silo_capacity_waits_and_starts_when_capacity_frees()
    {
        var server = await TestServers.Rtsp;
        var settings = new Dictionary<string, string?>(_shortTimeouts) { ["Rtsp:MaxConcurrentStreams"] = "1" };
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone, settings: settings);
        var first = product.Grains.GetCamera("rtsp-cap-1");
        var second = product.Grains.GetCamera("rtsp-cap-2");
        await first.Register(new CameraRegistration(CameraSourceType.Rtsp, server.Url, Fps: 1, Persist: new PersistencePolicy(PersistMode.None)));
        await Eventually.TrueAsync(async () => (await first.GetInfo())!.Capture == CaptureStatus.Connected, TimeSpan.FromSeconds(30), "the first camera connects");

        await second.Register(new CameraRegistration(CameraSourceType.Rtsp, server.UrlFor(server.SecondPath), Fps: 1, Persist: new PersistencePolicy(PersistMode.None)));
        await Eventually.TrueAsync(async () => (await second.GetInfo())!.Capture == CaptureStatus.WaitingForCapacity, TimeSpan.FromSeconds(10), "the second camera waits");

        await first.Unregister();
        await Eventually.TrueAsync(async () => (await second.GetInfo())!.Capture == CaptureStatus.Connected, TimeSpan.FromSeconds(30), "the second camera starts");
        await second.Unregister();
    }

    [Fact]
    public async Task A_new_source_url_starts_the_motion_warm_up_again_and_another_setting_does_not()
    {
        var server = await TestServers.Rtsp;
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone, settings: _shortTimeouts);
        var camera = product.Grains.GetCamera("rtsp-warmup");
        await camera.Register(new CameraRegistration(CameraSourceType.Rtsp, server.Url, Fps: 4, Motion: new MotionConfig(WarmupFrames: 3),
            Persist: new PersistencePolicy(PersistMode.None)));
        // The moving ball shows motion once the background is learnt.
        await Eventually.TrueAsync(() => FramesAfter(product, "rtsp-warmup", 0).Any(e => e.Motion), TimeSpan.FromSeconds(30), "the first stream shows motion");

        // The old scene is no background for another stream: its first frames only calibrate.
        await camera.Update(new CameraSettingsPatch(SourceUrl: server.UrlFor(server.SecondPath, server.User, server.Password)));
        var changed = (await camera.GetInfo())!.LastSequence;
        await Eventually.TrueAsync(() => FramesAfter(product, "rtsp-warmup", changed).Any(e => e.Motion), TimeSpan.FromSeconds(30), "the new stream shows motion");
        var newStream = FramesAfter(product, "rtsp-warmup", changed).ToList();
        Assert.True(newStream.Count > 2 && !newStream[0].Motion && !newStream[1].Motion, $"the new stream's first frames: {string.Join(", ", newStream.Take(4))}");

        // Another setting of the same stream keeps what was learnt: motion again at once.
        await camera.Update(new CameraSettingsPatch(BufferSize: 10));
        var patched = (await camera.GetInfo())!.LastSequence;
        await Eventually.TrueAsync(() => FramesAfter(product, "rtsp-warmup", patched).Count() >= 2, TimeSpan.FromSeconds(30), "frames after the patch");
        Assert.Contains(FramesAfter(product, "rtsp-warmup", patched).Take(2), e => e.Motion);
        await camera.Unregister();
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task A_disconnected_camera_stays_stopped_in_a_new_activation_until_it_is_registered_again(StorageKind storage)
    {
        var server = await TestServers.Rtsp;
        await using var product = await ProductCluster.StartAsync(storage, settings: _shortTimeouts);
        var camera = product.Grains.GetCamera("rtsp-paused");
        var registration = new CameraRegistration(CameraSourceType.Rtsp, server.Url, Fps: 2, Persist: new PersistencePolicy(PersistMode.None));
        await camera.Register(registration);
        await Eventually.TrueAsync(async () => (await camera.GetInfo())!.Capture == CaptureStatus.Connected, TimeSpan.FromSeconds(30), "the capture connects");

        Assert.Equal(CaptureStatus.Stopped, (await camera.Disconnect()).Capture);
        await Eventually.TrueAsync(() => product.EventsOfType(CameraEventTypes.Disconnected).Any(e => e.GetProperty("reason").GetString() == "disconnect_requested"),
            TimeSpan.FromSeconds(10), "camera.disconnected says the disconnect was asked for");
        // Its silo gone, as far as the camera knows: a new activation, woken by the capture watcher's call.
        await camera.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await camera.EnsureCapturing();
        var resumed = (await camera.GetInfo())!;
        await Task.Delay(TimeSpan.FromSeconds(3));
        var later = (await camera.GetInfo())!;
        Assert.Equal(CaptureStatus.Stopped, later.Capture);
        Assert.Equal(resumed.FramesReceived, later.FramesReceived);

        // Registering it again (the same settings) ends the disconnect, as the camera-ingest seed's registration did.
        await camera.Register(registration);
        await Eventually.TrueAsync(async () => (await camera.GetInfo())!.FramesReceived > later.FramesReceived, TimeSpan.FromSeconds(30), "frames arrive again");
        await camera.Unregister();
    }

    private static IEnumerable<(long Sequence, bool Motion)> FramesAfter(ProductCluster product, string cameraId, long sequence) =>
        product.EventsOfType(CameraEventTypes.FrameIngested)
            .Where(e => e.GetProperty("camera_id").GetString() == cameraId)
            .Select(e => (e.GetProperty("sequence").GetInt64(), e.GetProperty("motion").GetBoolean()))
            .Where(e => e.Item1 > sequence)
            .OrderBy(e => e.Item1);

    [Fact]
    public async Task Frames_and_status_of_a_capture_loop_replaced_by_a_new_source_url_are_dropped()
    {
        var server = await TestServers.Rtsp;
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone, settings: _shortTimeouts);
        var camera = product.Grains.GetCamera("rtsp-moved");
        await camera.Register(new CameraRegistration(CameraSourceType.Rtsp, server.Url, Fps: 2, Persist: new PersistencePolicy(PersistMode.None)));
        await Eventually.TrueAsync(async () => (await camera.GetInfo())!.FramesReceived > 0, TimeSpan.FromSeconds(30), "the first stream delivers frames");

        // The new URL is a path the server does not serve: the new loop never connects, nor takes a frame.
        await camera.Update(new CameraSettingsPatch(SourceUrl: server.UrlFor("/not-served")));
        var before = (await camera.GetInfo())!;
        Assert.NotEqual(CaptureStatus.Connected, before.Capture);

        // What the replaced loop sent while the update ran reaches the camera after it: a loop id other than the new loop's.
        var sink = product.Grains.GetGrain<ICameraCaptureSink>(GrainKeys.Camera("rtsp-moved"));
        var replacedLoop = Guid.NewGuid();
        await sink.IngestCapturedFrame(new CaptureFrame(SharedJpegs.Samples.StaticScene[0], DateTimeOffset.UtcNow, replacedLoop));
        await sink.ReportCaptureStatus(new CaptureStatusReport(CaptureStatus.Connected, null, null, false, null, replacedLoop));
        await sink.ReportCaptureStream(new VideoStreamInfo("mjpeg", 640, 360, 10), replacedLoop);

        var after = (await camera.GetInfo())!;
        Assert.Equal(before.FramesReceived, after.FramesReceived);
        Assert.Equal(before.LastSequence, after.LastSequence);
        Assert.NotEqual(CaptureStatus.Connected, after.Capture);
        Assert.Null(after.Stream);
        await camera.Unregister();
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task An_rtsp_camera_whose_deletion_could_not_be_saved_keeps_its_capture_reminder(StorageKind storage)
    {
        var server = await TestServers.Rtsp;
        await using var product = await ProductCluster.StartAsync(storage, settings: _shortTimeouts);
        var camera = product.Grains.GetCamera("rtsp-kept");
        await camera.Register(new CameraRegistration(CameraSourceType.Rtsp, server.Url, Fps: 1, Persist: new PersistencePolicy(PersistMode.None)));
        Assert.Equal(1, await CaptureRemindersAsync(product, "rtsp-kept"));

        await MoveTableAsync(product, "orleans_grain_state", "orleans_grain_state_away");
        await Assert.ThrowsAnyAsync<Exception>(camera.Unregister);
        await MoveTableAsync(product, "orleans_grain_state_away", "orleans_grain_state");

        // Still registered: its reminder is what brings it back to capture should nothing else call it.
        Assert.Equal(1, await CaptureRemindersAsync(product, "rtsp-kept"));
        Assert.NotNull(await camera.GetInfo());
        await camera.Unregister();
        Assert.Equal(0, await CaptureRemindersAsync(product, "rtsp-kept"));
    }

    [Fact]
    public async Task A_new_rtsp_camera_whose_list_write_failed_captures_and_is_listed_without_another_call()
    {
        var server = await TestServers.Rtsp;
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone, settings: _shortTimeouts);
        var camera = product.Grains.GetCamera("rtsp-unlisted");

        // Saved while the cameras list, all the capture watcher reads, is out of reach.
        await MoveTableAsync(product, "cameras", "cameras_away");
        await Assert.ThrowsAnyAsync<Exception>(() =>
            camera.Register(new CameraRegistration(CameraSourceType.Rtsp, server.Url, Fps: 1, Persist: new PersistencePolicy(PersistMode.None))));
        await MoveTableAsync(product, "cameras_away", "cameras");

        // No call to the camera: its one-minute capture reminder brings it back.
        await Eventually.TrueAsync(() => product.EventsOfType(CameraEventTypes.Connected).Any(e => e.GetProperty("camera_id").GetString() == "rtsp-unlisted"),
            TimeSpan.FromSeconds(90), "the camera connects by itself");
        Assert.Contains("rtsp-unlisted", await product.Metadata.ListCameraIdsBySourceAsync("rtsp", 0, 100, CancellationToken.None));
        Assert.Equal(CaptureStatus.Connected, (await camera.GetInfo())!.Capture);
        await camera.Unregister();
    }

    private static Task MoveTableAsync(ProductCluster product, string from, string to) =>
        product.Database.ExecuteAsync($"ALTER TABLE {from} RENAME TO {to}", null, CancellationToken.None);

    private static async Task<long> CaptureRemindersAsync(ProductCluster product, string cameraId) =>
        Convert.ToInt64(await product.Database.ScalarAsync(
            $"SELECT COUNT(*) FROM orleans_reminder WHERE reminder_name = 'rtsp-capture' AND grain_id LIKE '%/{cameraId}'", null, CancellationToken.None),
            System.Globalization.CultureInfo.InvariantCulture);

    internal static IReadOnlyList<ProcessTable.Entry> FfmpegFor(string path) =>
        ProcessTable.Find(cmdline => cmdline.StartsWith("ffmpeg", StringComparison.Ordinal) || cmdline.Contains("/ffmpeg", StringComparison.Ordinal))
            .Where(p => p.CommandLine.Contains(path, StringComparison.Ordinal) && !p.CommandLine.Contains("guard", StringComparison.Ordinal))
            .ToList();
}
