using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Deployment;

[Collection(HeavyTestsCollection.Name)]
public sealed class LocalClusterScriptTests(ITestOutputHelper output)
{
    private static readonly TimeSpan _scriptTimeout = TimeSpan.FromMinutes(4);
    private static readonly string[] _pushCameras = Enumerable.Range(0, 6).Select(i => $"lc-push-{i}").ToArray();
    private static readonly string[] _mqttCameras = Enumerable.Range(0, 4).Select(i => $"lc-mqtt-{i}").ToArray();

    [Fact]
    public async Task Up_takes_frames_and_chunks_keeps_serving_after_kill_silo_stop_silo_and_kill_gateway_and_down_leaves_nothing_running()
    {
        using var folder = new TempDirectory("local-cluster");
        var cluster = LocalClusterScript.Create(folder.Path);
        var watchdog = cluster.StartWatchdog();
        try
        {
            var up = await cluster.RunAsync(_scriptTimeout, "up");
            output.WriteLine(up.Output);
            Assert.True(up.ExitCode == 0, $"up failed ({up.ExitCode}):\n{up.Output}\n{cluster.ProcessLogs()}");
            Assert.Contains(cluster.Gateway1.ToString().TrimEnd('/'), up.Output, StringComparison.Ordinal);

            var status = await cluster.RunAsync(_scriptTimeout, "status");
            foreach (var name in new[] { "postgres", "redis", "s3", "mosquitto", "silo1", "silo2", "silo3", "gateway1", "gateway2" })
            {
                Assert.Matches($@"(?m)^{name}\s+running", status.Output);
            }

            using var gateway1 = new HttpClient { BaseAddress = cluster.Gateway1, Timeout = TimeSpan.FromSeconds(60) };
            using var gateway2 = new HttpClient { BaseAddress = cluster.Gateway2, Timeout = TimeSpan.FromSeconds(60) };
            foreach (var camera in _pushCameras.Concat(_mqttCameras))
            {
                var created = await gateway1.PostAsJsonAsync("api/cameras", new { id = camera, source_type = camera.StartsWith("lc-mqtt", StringComparison.Ordinal) ? "mqtt" : "http_push" });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            }
            foreach (var camera in _pushCameras)
            {
                Assert.Equal(HttpStatusCode.OK, (await PushAsync(gateway2, camera)).StatusCode);
            }
            // The LDO seed sends the video before its metadata: the video is moved into place by an S3 copy, whose
            // source plain s3rver could not decode.
            using (var ldo = Multipart.Form(Multipart.File("video", Samples.Video(64 * 1024), "clip.mp4", "video/mp4"),
                Multipart.Text("metadata", """{"ldo_id":"lc-ldo-1"}""")))
            {
                using var stored = await gateway1.PostAsync("ingest/ldo", ldo);
                Assert.True(stored.StatusCode == HttpStatusCode.OK, $"LDO, video first: {(int)stored.StatusCode} {await stored.Content.ReadAsStringAsync()}");
            }
            await using var publisher = await MqttPublisher.ConnectAsync(cluster.MqttBrokerUrl, "ingest", cluster.MqttPassword);
            await PublishImagesAsync(publisher, "before");
            foreach (var camera in _mqttCameras)
            {
                await WaitForImagesAsync(gateway1, camera, 1);
            }

            var kill = await cluster.RunAsync(_scriptTimeout, "kill-silo", "1");
            Assert.True(kill.ExitCode == 0, kill.Output);
            Assert.Matches(@"(?m)^silo1\s+stopped", (await cluster.RunAsync(_scriptTimeout, "status")).Output);

            // The dead silo's grains come up on the others: every camera takes frames again, and
            // chunks published after the kill become images.
            await PublishImagesAsync(publisher, "after");
            foreach (var camera in _pushCameras)
            {
                await Eventually.TrueAsync(async () => (await PushAsync(gateway1, camera)).StatusCode == HttpStatusCode.OK,
                    TimeSpan.FromSeconds(120), $"{camera} takes frames after silo1 was killed");
            }
            foreach (var camera in _mqttCameras)
            {
                await WaitForImagesAsync(gateway2, camera, 2);
            }
            using var latest = await gateway2.GetAsync($"api/cameras/{_pushCameras[0]}/frame/latest");
            Assert.Equal(HttpStatusCode.OK, latest.StatusCode);
            Assert.Equal("image/jpeg", latest.Content.Headers.ContentType?.MediaType);

            // The README's rolling upgrade, one silo of it: stopped gracefully, its grains answer on silo3 at once, and it starts again.
            var stopSilo = await cluster.RunAsync(_scriptTimeout, "stop-silo", "2");
            Assert.True(stopSilo.ExitCode == 0, stopSilo.Output);
            Assert.Matches(@"silo2 stopped gracefully in \d+\.\d s", stopSilo.Output);
            Assert.Matches(@"(?m)^silo2\s+stopped", (await cluster.RunAsync(_scriptTimeout, "status")).Output);
            foreach (var camera in _pushCameras)
            {
                Assert.Equal(HttpStatusCode.OK, (await PushAsync(gateway1, camera)).StatusCode);
            }
            var startSilo = await cluster.RunAsync(_scriptTimeout, "start-silo", "2");
            Assert.True(startSilo.ExitCode == 0, startSilo.Output);
            Assert.Matches(@"(?m)^silo2\s+running", (await cluster.RunAsync(_scriptTimeout, "status")).Output);

            // A gateway killed and left dead: if it led the MQTT bridge, gateway1 takes the subscription over, so no image waits for it.
            var killGateway = await cluster.RunAsync(_scriptTimeout, "kill-gateway", "2");
            Assert.True(killGateway.ExitCode == 0, killGateway.Output);
            Assert.Matches(@"(?m)^gateway2\s+stopped", (await cluster.RunAsync(_scriptTimeout, "status")).Output);
            await PublishImagesAsync(publisher, "gateway-killed");
            foreach (var camera in _mqttCameras)
            {
                await WaitForImagesAsync(gateway1, camera, 3);
            }
            var startGateway = await cluster.RunAsync(_scriptTimeout, "start-gateway", "2");
            Assert.True(startGateway.ExitCode == 0, startGateway.Output);
            Assert.Matches(@"(?m)^gateway2\s+running", (await cluster.RunAsync(_scriptTimeout, "status")).Output);
        }
        finally
        {
            var down = await cluster.RunAsync(_scriptTimeout, "down");
            output.WriteLine(down.Output);
            await watchdog.DisposeAsync();
            Assert.Equal(0, down.ExitCode);
        }
        Assert.Empty(cluster.Leftovers());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(folder.Path, "pids")));
    }

    [Fact]
    public async Task Kill_and_stop_refuse_a_bad_number_or_a_process_that_is_not_running()
    {
        using var folder = new TempDirectory("local-cluster-usage");
        var cluster = LocalClusterScript.Create(folder.Path);

        var bad = await cluster.RunAsync(_scriptTimeout, "kill-silo", "one");
        var notRunning = await cluster.RunAsync(_scriptTimeout, "kill-silo", "2");
        var badGateway = await cluster.RunAsync(_scriptTimeout, "kill-gateway", "3");
        var stopNotRunning = await cluster.RunAsync(_scriptTimeout, "stop-silo", "2");
        var stopBadGateway = await cluster.RunAsync(_scriptTimeout, "stop-gateway", "0");
        var usage = await cluster.RunAsync(_scriptTimeout, "frobnicate");

        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("silo number must be 1-99", bad.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, notRunning.ExitCode);
        Assert.Contains("silo2 is not running", notRunning.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, badGateway.ExitCode);
        Assert.Contains("gateway number must be 1 or 2", badGateway.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, stopNotRunning.ExitCode);
        Assert.Contains("silo2 is not running", stopNotRunning.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, stopBadGateway.ExitCode);
        Assert.Contains("gateway number must be 1 or 2", stopBadGateway.Output, StringComparison.Ordinal);
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("local-cluster.sh up", usage.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_with_a_folder_that_holds_no_build_fails_before_starting_any_server()
    {
        using var folder = new TempDirectory("local-cluster-nobin");
        using var empty = new TempDirectory("local-cluster-emptybin");
        var cluster = LocalClusterScript.Create(folder.Path, bin: empty.Path);

        var up = await cluster.RunAsync(_scriptTimeout, "up");

        Assert.NotEqual(0, up.ExitCode);
        Assert.Contains("Silo.dll does not exist", up.Output, StringComparison.Ordinal);
        Assert.Empty(cluster.Leftovers());
    }

    [Fact]
    public async Task Up_with_a_port_in_use_fails_before_starting_any_server()
    {
        using var folder = new TempDirectory("local-cluster-busy");
        var cluster = LocalClusterScript.Create(folder.Path);
        // Silo 1's HTTP port is taken: found before the stores start, not after.
        using var squatter = new System.Net.Sockets.TcpListener(IPAddress.Loopback, cluster.BasePort + 101);
        squatter.Start();
        try
        {
            var up = await cluster.RunAsync(_scriptTimeout, "up");

            Assert.Equal(1, up.ExitCode);
            Assert.Contains($"port {cluster.BasePort + 101} on 127.0.0.1 is already in use", up.Output, StringComparison.Ordinal);
            Assert.Empty(cluster.Leftovers());
        }
        finally
        {
            squatter.Stop();
        }
    }

    [Fact]
    public async Task Up_that_fails_after_starting_servers_names_them_and_down_stops_them()
    {
        using var folder = new TempDirectory("local-cluster-slow");
        // One second for a silo to become ready: the stores and the silos run by then, and up gives up on silo 1.
        var cluster = LocalClusterScript.Create(folder.Path, timeoutSeconds: 1);
        var watchdog = cluster.StartWatchdog();
        try
        {
            var up = await cluster.RunAsync(_scriptTimeout, "up");

            Assert.Equal(1, up.ExitCode);
            Assert.Contains("silo1", up.Output, StringComparison.Ordinal);
            Assert.Matches(@"still running from this up: .*postgres.*; stop them with: \S*local-cluster\.sh down", up.Output);
            Assert.NotEmpty(cluster.Leftovers());
        }
        finally
        {
            var down = await cluster.RunAsync(_scriptTimeout, "down");
            await watchdog.DisposeAsync();
            Assert.Equal(0, down.ExitCode);
        }
        Assert.Empty(cluster.Leftovers());
    }

    private static async Task<HttpResponseMessage> PushAsync(HttpClient gateway, string camera)
    {
        using var body = new ByteArrayContent(SharedJpegs.Samples.TestCard);
        body.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        try
        {
            return await gateway.PostAsync($"api/ingest/push/{camera}", body);
        }
        catch (TaskCanceledException)
        {
            return new HttpResponseMessage(HttpStatusCode.GatewayTimeout);
        }
    }

    private static async Task PublishImagesAsync(MqttPublisher publisher, string round)
    {
        foreach (var camera in _mqttCameras)
        {
            var image = round == "before" ? SharedJpegs.Samples.White : SharedJpegs.Samples.VgaTestCard;
            foreach (var chunk in Chunks.Split(image, 10, camera, $"{camera}-{round}"))
            {
                var json = JsonSerializer.Serialize(new { id = chunk.CameraId, index = chunk.Index, total = chunk.Total, data = chunk.Data, image_id = chunk.ImageId });
                await publisher.PublishAsync($"camera/{camera}/image_json", Encoding.UTF8.GetBytes(json));
            }
        }
    }

    private static Task WaitForImagesAsync(HttpClient gateway, string camera, int count) =>
        Eventually.TrueAsync(async () =>
        {
            try
            {
                using var page = await gateway.GetAsync($"api/v1/images?camera_id={camera}");
                if (!page.IsSuccessStatusCode)
                {
                    return false;
                }
                using var json = JsonDocument.Parse(await page.Content.ReadAsStringAsync());
                return json.RootElement.GetProperty("total").GetInt64() >= count;
            }
            catch (TaskCanceledException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(120), $"{count} image(s) of {camera} stored");
}
