using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Processes;

namespace IngestionCluster.Tests.Rtsp;

[Collection(HeavyTestsCollection.Name)]
public sealed class CaptureFailoverTests
{
    [Fact]
    public async Task The_capture_moves_to_a_surviving_silo_when_its_silo_is_killed_and_no_ffmpeg_is_orphaned()
    {
        await using var server = await TestServers.StartPrivateAsync<RtspServer>();
        var settings = await ClusterSettings.CreateAsync("rtsp-failover");
        settings["Rtsp__StallTimeout"] = "00:00:05";
        var silos = await Task.WhenAll(ProductProcess.StartSiloAsync("silo-a", settings), ProductProcess.StartSiloAsync("silo-b", settings));
        await using var client = await TestClusterClient.ConnectAsync(settings, TimeSpan.FromSeconds(10));
        try
        {
            var camera = client.Grains.GetCamera("rtsp-moving");
            await camera.Register(new CameraRegistration(CameraSourceType.Rtsp, server.Url, Fps: 2, Persist: new PersistencePolicy(PersistMode.None)));
            await Eventually.TrueAsync(async () => (await camera.GetInfo())!.FramesReceived > 2, TimeSpan.FromSeconds(30), "frames flow");
            var home = (await camera.GetInfo())!.Silo;
            Assert.Single(CameraCaptureTests.FfmpegFor(server.Path));

            var victim = silos.Single(s => s.Name == home);
            // Watch the camera's Redis channel: nothing calls the camera until its capture is back.
            await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(settings["Redis__Configuration"]);
            var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await redis.GetSubscriber().SubscribeAsync(StackExchange.Redis.RedisChannel.Literal("camera:rtsp-moving"), (_, message) =>
            {
                if (message.ToString().Contains("\"camera.connected\"", StringComparison.Ordinal))
                {
                    reconnected.TrySetResult();
                }
            });
            await victim.KillAsync();

            // The capture watcher brings the camera back on the survivor, which starts the one capture loop again.
            await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(45));
            var info = await camera.GetInfo();
            Assert.NotEqual(home, info!.Silo);
            Assert.Equal(CaptureStatus.Connected, info.Capture);
            // The killed silo's ffmpeg is gone (its guard saw the silo die); only the new one runs.
            await Eventually.TrueAsync(() => CameraCaptureTests.FfmpegFor(server.Path).Count == 1, TimeSpan.FromSeconds(15), "exactly one ffmpeg for the camera");

            await camera.Unregister();
            await Eventually.TrueAsync(() => CameraCaptureTests.FfmpegFor(server.Path).Count == 0, TimeSpan.FromSeconds(15), "no ffmpeg after the camera is deleted");
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }
}
