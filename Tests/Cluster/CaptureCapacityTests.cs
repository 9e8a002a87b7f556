using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Tests.Cluster.Support;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Processes;
using Orleans.Runtime;
using Orleans.Runtime.Placement;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Cluster;

/// <summary>
/// Continuous captures are bounded per silo (<c>Rtsp__MaxConcurrentStreams</c>), and cameras do not wait for a slot on a
/// full silo while another has one free: the waiting camera moves there.
/// </summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class CaptureCapacityTests(ITestOutputHelper output)
{
    private static readonly CameraRegistration _registration = new(CameraSourceType.Rtsp, Fps: 1, BufferSize: 5,
        Motion: new MotionConfig(Enabled: false), Persist: new PersistencePolicy(PersistMode.None));

    [Fact]
    public async Task A_camera_waiting_for_capacity_on_a_full_silo_moves_to_a_silo_with_a_free_slot_and_captures_there()
    {
        await using var server = await TestServers.StartPrivateAsync<RtspServer>();
        var settings = await ClusterSettings.CreateAsync("rtsp-capacity");
        settings["Rtsp__MaxConcurrentStreams"] = "1";
        settings["Rtsp__CapacitySearchInterval"] = "00:00:01";
        // Only the move can start the second capture within the test's time: neither the watcher's safety net nor the
        // camera's reminder (first due after a minute) activates it elsewhere meanwhile.
        settings["Rtsp__WatcherInterval"] = "01:00:00";
        await using var cluster = await ProcessCluster.StartAsync("rtsp-capacity", silos: 2, gateways: 0, settings);
        var hosts = await cluster.Client.Grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: true);
        var crowded = hosts[0];
        var cameras = Enumerable.Range(0, 2).Select(i => $"capacity-{i}-{Guid.NewGuid().ToString("N")[..6]}").ToArray();

        // Both cameras placed on one silo, whose only slot the first takes: the second has to wait there.
        foreach (var cameraId in cameras)
        {
            RequestContext.Set(IPlacementDirector.PlacementHintKey, crowded.SiloAddress);
            var registered = await cluster.Client.Grains.GetCamera(cameraId).Register(_registration with { SourceUrl = server.Url });
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
            Assert.Equal(crowded.SiloName, registered.Silo);
        }

        await Eventually.TrueAsync(async () =>
        {
            try
            {
                var infos = await Task.WhenAll(cameras.Select(id => cluster.Client.Grains.GetCamera(id).GetInfo()));
                output.WriteLine(string.Join("; ", infos.Select(info => $"{info?.Id} on {info?.Silo}: {info?.Capture}")));
                return infos.All(info => info?.Capture == CaptureStatus.Connected) && infos.Select(info => info!.Silo).Distinct().Count() == 2;
            }
            catch (Exception e) when (e is TimeoutException or OrleansException)
            {
                // A call that met the camera while it moved.
                output.WriteLine(e.Message);
                return false;
            }
        }, TimeSpan.FromSeconds(45), "both cameras capture, one on each silo, before the camera's reminder could have moved it");

        await Eventually.TrueAsync(() => FfmpegWatch.Running(server.Path).Count == 2, TimeSpan.FromSeconds(10), "one ffmpeg per camera");
        var captures = FfmpegWatch.Running(server.Path);
        foreach (var silo in cluster.Silos)
        {
            Assert.Single(captures, capture => ProcessTable.IsDescendantOf(capture.Pid, silo.ProcessGroupId));
        }
        Assert.Contains("moving to silo", cluster.Silos.Single(s => s.Name == crowded.SiloName).Log(), StringComparison.Ordinal);

        foreach (var cameraId in cameras)
        {
            await cluster.Client.Grains.GetCamera(cameraId).Unregister();
        }
        await Eventually.TrueAsync(() => FfmpegWatch.Running(server.Path).Count == 0, TimeSpan.FromSeconds(20), "no ffmpeg after the cameras are deleted");
    }
}
