using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Events;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Tests.Cluster.Support;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Processes;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Cluster;

/// <summary>
/// Scale-out and scale-in with an RTSP camera capturing, on real silo processes: the one capture of the camera
/// in the cluster stays where it is when a silo joins, and moves to a survivor, once, when its silo leaves
/// gracefully (SIGTERM). Kills are <see cref="Rtsp.CaptureFailoverTests"/>.
/// </summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class CaptureHandoverTests(ITestOutputHelper output)
{
    private static readonly CameraRegistration _registration = new(CameraSourceType.Rtsp, Fps: 2, BufferSize: 12,
        Motion: new MotionConfig(Threshold: 40, MinArea: 50, WarmupFrames: 3), Persist: new PersistencePolicy(PersistMode.None));

    [Fact]
    public async Task A_joining_silo_leaves_a_running_capture_where_it_is_without_restarting_it()
    {
        await using var server = await TestServers.StartPrivateAsync<RtspServer>();
        await using var cluster = await ProcessCluster.StartAsync("rtsp-join", silos: 2, gateways: 0);
        var cameraId = $"joined-{Guid.NewGuid().ToString("N")[..8]}";
        await using var events = await CameraEventRecorder.StartAsync(cluster.Settings["Redis__Configuration"], cameraId);
        var camera = cluster.Client.Grains.GetCamera(cameraId);
        await camera.Register(_registration with { SourceUrl = server.Url });
        await Eventually.TrueAsync(() => events.Sequences().Count >= 3, TimeSpan.FromSeconds(60), "frames flow");
        var home = (await camera.GetInfo())!.Silo;
        var capture = Assert.Single(FfmpegWatch.Running(server.Path));
        await using var watch = FfmpegWatch.Start(server.Path);
        var joining = DateTimeOffset.UtcNow;

        var joined = await cluster.AddSiloAsync();

        // Positive signals that the join is complete: the newcomer's capture watcher has activated every RTSP
        // camera once (the call reached the running activation), and frames kept coming after that.
        await Eventually.TrueAsync(() => joined.Log().Contains("Capture watcher (start-up): 1 RTSP and MJPEG cameras checked, 0 failed", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), "the joined silo's capture watcher checked the camera");
        var checkedAt = DateTimeOffset.UtcNow;
        await Eventually.TrueAsync(() => events.Sequences(checkedAt).Count >= 4, TimeSpan.FromSeconds(30), "frames keep coming after the join");

        var info = (await camera.GetInfo())!;
        Assert.Equal(home, info.Silo);
        Assert.Equal(CaptureStatus.Connected, info.Capture);
        // The same ffmpeg all along: the capture was never stopped or doubled.
        Assert.Equal([capture.Pid], watch.Pids);
        Assert.Equal([capture.Pid], FfmpegWatch.Running(server.Path).Select(p => p.Pid));
        Assert.Empty(events.OfType(CameraEventTypes.Connected, joining));
        // One activation numbered every frame: consecutive sequences, none reused.
        var sequences = events.Sequences();
        Assert.Equal(Enumerable.Range(0, sequences.Count).Select(i => sequences[0] + i), sequences);

        await camera.Unregister();
        await Eventually.TrueAsync(() => FfmpegWatch.Running(server.Path).Count == 0, TimeSpan.FromSeconds(20), "no ffmpeg after the camera is deleted");
    }

    [Fact]
    public async Task A_silo_leaving_gracefully_hands_its_capture_to_a_survivor_once_with_its_settings_and_later_sequences()
    {
        await using var server = await TestServers.StartPrivateAsync<RtspServer>();
        await using var cluster = await ProcessCluster.StartAsync("rtsp-leave", silos: 2, gateways: 0);
        var cameraId = $"leaving-{Guid.NewGuid().ToString("N")[..8]}";
        await using var events = await CameraEventRecorder.StartAsync(cluster.Settings["Redis__Configuration"], cameraId);
        var camera = cluster.Client.Grains.GetCamera(cameraId);
        await camera.Register(_registration with { SourceUrl = server.Url });
        await Eventually.TrueAsync(() => events.Sequences().Count >= 3, TimeSpan.FromSeconds(60), "frames flow");
        // Settings changed while capturing, after the first frame (whose sequence reservation wrote the state once):
        // only the update's own write can carry them to the survivor.
        var registered = await camera.Update(new CameraSettingsPatch(BufferSize: 20, Persist: new PersistencePolicyPatch(PersistMode.EveryN, 1000)));
        Assert.Equal((20, PersistMode.EveryN), (registered.BufferSize, registered.Persist.Mode));
        var updatedAt = DateTimeOffset.UtcNow;
        await Eventually.TrueAsync(() => events.Sequences(updatedAt).Count >= 2, TimeSpan.FromSeconds(30), "frames flow after the update");
        var home = cluster.Silos.Single(s => s.Name == registered.Silo);
        var survivor = cluster.Silos.Single(s => s != home);
        var capture = Assert.Single(FfmpegWatch.Running(server.Path));
        Assert.True(ProcessTable.IsDescendantOf(capture.Pid, home.ProcessGroupId), "the camera's silo runs its ffmpeg");
        await using var watch = FfmpegWatch.Start(server.Path);
        var leaving = DateTimeOffset.UtcNow;

        // SIGTERM: the host stops the silo gracefully; the process is gone when this returns.
        await home.StopAsync();
        var left = DateTimeOffset.UtcNow;

        // It was a graceful stop: Orleans deactivated the camera, which stopped its ffmpeg before the process ended,
        // so none of it outlives the silo, not even for the moment its guard would need to notice.
        Assert.Contains("Orleans Silo stopped.", home.Log(), StringComparison.Ordinal);
        Assert.Contains($"Camera {cameraId}: capture stopped (ShuttingDown", home.Log(), StringComparison.Ordinal);
        Assert.DoesNotContain(FfmpegWatch.Running(server.Path), p => p.Pid == capture.Pid);
        await Eventually.TrueAsync(() => events.OfType(CameraEventTypes.Connected, leaving).Count >= 1, TimeSpan.FromSeconds(60),
            "the capture resumes on the survivor");
        var resumedAt = events.OfType(CameraEventTypes.Connected, leaving)[0].ReceivedAt;
        var resumedFrom = events.Sequences(resumedAt).Count;
        await Eventually.TrueAsync(() => events.Sequences(resumedAt).Count >= resumedFrom + 4, TimeSpan.FromSeconds(30), "frames flow on the survivor");

        var info = (await camera.GetInfo())!;
        Assert.Equal(survivor.Name, info.Silo);
        Assert.Equal(CaptureStatus.Connected, info.Capture);
        // Registration and settings came from the stored state, not from the activation that left.
        Assert.Equal((registered.SourceUrl, registered.Fps, registered.BufferSize, registered.Motion, registered.Persist, registered.CreatedAt, registered.UpdatedAt),
            (info.SourceUrl, info.Fps, info.BufferSize, info.Motion, info.Persist, info.CreatedAt, info.UpdatedAt));
        // Exactly once: one connect after the leave, one new ffmpeg, run by the survivor.
        Assert.Single(events.OfType(CameraEventTypes.Connected, leaving));
        var resumed = Assert.Single(FfmpegWatch.Running(server.Path));
        Assert.True(ProcessTable.IsDescendantOf(resumed.Pid, survivor.ProcessGroupId), "the survivor runs the new ffmpeg");
        Assert.Equal([capture.Pid, resumed.Pid], watch.Pids);
        Assert.True(watch.MostAtOnce == 1, $"the old and the new capture overlapped ({watch.MostAtOnce} ffmpeg at once for {watch.Overlap})");
        // Sequences go on from where the stored reservation ends: never reused, rising in arrival order across the move.
        var sequences = events.Sequences();
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(sequences.Count, sequences.Distinct().Count());
        output.WriteLine($"handover: stop took {(left - leaving).TotalSeconds:0.0} s, capture connected {(resumedAt - left).TotalSeconds:0.0} s after the silo exited");

        // The leaving silo did not try to resume captures itself while it shut down (its calls can only fail).
        Assert.DoesNotContain("Resuming the capture of camera", home.Log(), StringComparison.Ordinal);

        await camera.Unregister();
        await Eventually.TrueAsync(() => FfmpegWatch.Running(server.Path).Count == 0, TimeSpan.FromSeconds(20), "no ffmpeg after the camera is deleted");
    }
}
