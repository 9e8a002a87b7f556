using System.Diagnostics;
using System.Net;
using System.Text.Json;
using IngestionCluster.Grains.Metadata;
using IngestionCluster.Tests.Cluster.Outages;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Processes;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Cluster;

/// <summary>
/// The README's upgrade: every silo stopped gracefully (SIGTERM) and replaced by a new one, one at a time, while
/// clients push, upload and register cameras and cameras publish over MQTT.
/// </summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class RollingUpgradeUnderLoadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_silo_replaced_in_turn_under_http_and_mqtt_load_leaves_every_acknowledged_image_stored_once()
    {
        var mosquitto = await TestServers.Mosquitto;
        var topicRoot = $"roll{Guid.NewGuid().ToString("N")[..8]}";
        await using var cluster = await ProcessCluster.StartAsync("rolling", silos: 3, gateways: 1, gatewaySettings: ClusterSettings.MqttGateway(mosquitto, topicRoot));
        using var http = new HttpClient { BaseAddress = cluster.Gateways[0].BaseAddress, Timeout = TimeSpan.FromSeconds(90) };
        var jpeg = SharedJpegs.Samples.TestCard;
        await using var requests = new HttpOutageTraffic(http, "rolling-http", jpeg);
        await using var cameras = new MqttOutageTraffic(mosquitto, topicRoot);
        await requests.StartAsync(pushCameras: 3);
        cameras.Start(Enumerable.Range(0, 4).Select(c => $"rolling-mqtt-{c}"));
        await requests.WaitForEverySuccessAsync(DateTimeOffset.UtcNow.AddMinutes(-10), TimeSpan.FromSeconds(60));
        await CaptureSessionTests.WaitForImagesAsync(cluster.Metadata, "rolling-mqtt-0", 1, TimeSpan.FromSeconds(60));

        var management = cluster.Client.Grains.GetGrain<IManagementGrain>(0);
        foreach (var old in cluster.Silos.ToList())
        {
            var stopping = Stopwatch.StartNew();
            await old.StopAsync();
            output.WriteLine($"{old.Name} stopped gracefully in {stopping.Elapsed.TotalSeconds:0.0} s");
            var replacement = await cluster.AddSiloAsync();
            await Eventually.TrueAsync(async () =>
                {
                    var active = (await management.GetDetailedHosts(onlyActive: true)).Select(host => host.SiloName).ToHashSet();
                    return active.Count == 3 && active.Contains(replacement.Name) && !active.Contains(old.Name);
                },
                TimeSpan.FromSeconds(60), $"{replacement.Name} has replaced {old.Name} in the membership");
            await requests.WaitForEverySuccessAsync(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(60));
        }
        await cameras.StopAsync();
        await requests.StopAsync();

        // What clients saw: a graceful stop hands its grains over, so at most a refusal with Retry-After, never a 500 or a dropped call.
        var answers = requests.Answers.ToList();
        var refused = answers.Where(a => !a.IsSuccess).ToList();
        output.WriteLine($"{answers.Count} calls, {refused.Count} refused:");
        refused.ForEach(answer => output.WriteLine(answer.ToString()));
        Assert.All(refused, answer =>
        {
            Assert.True(answer.IsUnavailable, $"only 503/504 while a silo stops: {answer}");
            Assert.NotNull(answer.RetryAfter);
        });
        await AcknowledgedWork.AssertStoredAsync(http, answers, jpeg);
        // Exactly once: each camera holds one image per acknowledged push or upload (a 504 may have been stored before its answer was lost).
        foreach (var calls in answers.Where(a => a.Operation is "push" or "upload").GroupBy(a => a.Subject))
        {
            var stored = (await cluster.Metadata.ListImagesAsync(new ImageQuery(calls.Key, null, null, 0, 10_000), CancellationToken.None)).Items.Count;
            var acknowledged = calls.Count(a => a.IsSuccess);
            var timedOut = calls.Count(a => a.Status == HttpStatusCode.GatewayTimeout);
            Assert.True(stored >= acknowledged && stored <= acknowledged + timedOut,
                $"{calls.Key} holds {stored} images for {acknowledged} acknowledged calls and {timedOut} timed out");
        }

        foreach (var (camera, images) in cameras.Published)
        {
            var stored = await CaptureSessionTests.WaitForImagesAsync(cluster.Metadata, camera, images.Length, TimeSpan.FromSeconds(120));
            Assert.Equal(images.Select(CaptureSessionTests.Sha256).Order(), stored.Select(r => r.Sha256).Order());
            Assert.Equal(images.Length, (await CaptureSessionTests.ImagesAsync(cluster.Metadata, camera)).Count);
            Assert.Empty(await cluster.Metadata.ListStaleSessionsAsync(camera, CancellationToken.None));
        }
        using var deadLetters = JsonDocument.Parse(await http.GetStringAsync("api/admin/dead-letters"));
        Assert.Equal(0, deadLetters.RootElement.GetProperty("total").GetInt32());
    }
}
