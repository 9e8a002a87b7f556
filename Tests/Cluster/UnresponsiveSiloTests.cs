using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Processes;

namespace IngestionCluster.Tests.Cluster;

/// <summary>A silo that stops answering (SIGSTOP) while it holds a camera: the gateway's MQTT bridge keeps trying instead of waiting out the grain-call timeout.</summary>
[Collection(HeavyTestsCollection.Name)]
public sealed partial class UnresponsiveSiloTests
{
    [Fact]
    public async Task Hand_offs_to_a_silo_that_stopped_answering_are_retried_per_attempt_and_the_chunks_stored_once_it_answers()
    {
        var mosquitto = await TestServers.Mosquitto;
        var topicRoot = $"frozen{Guid.NewGuid().ToString("N")[..8]}";
        var settings = await ClusterSettings.CreateAsync("frozen");
        // Far longer than the test: any failed attempt seen while the silo is stopped comes from the hand-off's own timeout.
        settings["Cluster__ResponseTimeout"] = "00:05:00";
        await using var cluster = await ProcessCluster.StartAsync("frozen", silos: 1, gateways: 1, settings, new Dictionary<string, string>(ClusterSettings.MqttGateway(mosquitto, topicRoot))
        {
            ["Mqtt__HandOffAttemptTimeout"] = "00:00:01",
            ["Mqtt__HandOffRetryMaxDelay"] = "00:00:01",
        });
        using var http = new HttpClient { BaseAddress = cluster.Gateways[0].BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var topic = $"{topicRoot}/cam-frozen/image_json";
        await MosquittoPublisher.PublishAsync(mosquitto, topic, Chunks.Split(SharedJpegs.Samples.TestCard, 5, "cam-frozen", "before"));
        await CaptureSessionTests.WaitForImagesAsync(cluster.Metadata, "cam-frozen", 1, TimeSpan.FromSeconds(60));
        var failuresBefore = await HandOffFailuresAsync(http);

        cluster.Silos[0].Suspend();
        try
        {
            await MosquittoPublisher.PublishAsync(mosquitto, topic, Chunks.Split(SharedJpegs.Samples.White, 5, "cam-frozen", "during"));
            await Eventually.TrueAsync(async () => await HandOffFailuresAsync(http) >= failuresBefore + 3, TimeSpan.FromSeconds(90),
                "the bridge gives up on attempts the stopped silo does not answer, and tries again");
        }
        finally
        {
            cluster.Silos[0].Resume();
        }

        var stored = await CaptureSessionTests.WaitForImagesAsync(cluster.Metadata, "cam-frozen", 2, TimeSpan.FromSeconds(120));
        Assert.Equal(
            new[] { SharedJpegs.Samples.TestCard, SharedJpegs.Samples.White }.Select(CaptureSessionTests.Sha256).Order(),
            stored.Select(r => r.Sha256).Order());
    }

    [Fact]
    public async Task The_cluster_view_answers_while_a_silo_hangs_and_shows_no_activation_count_for_it()
    {
        var settings = await ClusterSettings.CreateAsync("frozen-view");
        // The stopped silo stays a member for the whole test, and a call waiting for it would wait far longer than the test.
        settings["Cluster__ProbeTimeout"] = "00:02:00";
        settings["Cluster__ResponseTimeout"] = "00:05:00";
        await using var cluster = await ProcessCluster.StartAsync("frozen-view", silos: 1, gateways: 1, settings);
        // The second silo takes no client connections, so the gateway's own calls never go through the silo that will hang.
        var hanging = await ProductProcess.StartAsync("Silo", "silo-hanging", new Dictionary<string, string>(settings)
        {
            ["Cluster__SiloName"] = "silo-hanging",
            ["Cluster__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Cluster__GatewayPort"] = "0",
        });
        cluster.Silos.Add(hanging);
        using var http = new HttpClient { BaseAddress = cluster.Gateways[0].BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        await Eventually.TrueAsync(async () => ActiveSilos(await http.GetFromJsonAsync<JsonElement>("api/cluster")).Count(silo => silo.Activations is not null) == 2,
            TimeSpan.FromSeconds(60), "both silos are active, with their activation counts");

        hanging.Suspend();
        try
        {
            var silos = ActiveSilos(await http.GetFromJsonAsync<JsonElement>("api/cluster"));
            Assert.Null(Assert.Single(silos, silo => silo.Name == "silo-hanging").Activations);
            Assert.NotNull(Assert.Single(silos, silo => silo.Name == cluster.Silos[0].Name).Activations);
        }
        finally
        {
            hanging.Resume();
        }
    }

    private static List<(string Name, int? Activations)> ActiveSilos(JsonElement view) =>
        [.. view.GetProperty("silos").EnumerateArray()
            .Where(silo => silo.GetProperty("status").GetString() == "active")
            .Select(silo => (silo.GetProperty("name").GetString()!,
                silo.GetProperty("activations").ValueKind == JsonValueKind.Number ? silo.GetProperty("activations").GetInt32() : (int?)null))];

    private static async Task<double> HandOffFailuresAsync(HttpClient http)
    {
        var metrics = await http.GetStringAsync("metrics");
        return HandOffFailuresLine().Matches(metrics).Sum(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"(?m)^ingest_mqtt_handoff_failures_total(?:\{[^}]*\})? ([0-9.eE+-]+)")]
    private static partial Regex HandOffFailuresLine();
}
