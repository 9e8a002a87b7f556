using System.Diagnostics;
using System.Text.Json;
using IngestionCluster.ServiceDefaults.Telemetry;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;

namespace IngestionCluster.Tests.Telemetry;

[Collection(TelemetryHostCollection.Name)]
public sealed class MqttTracingTests
{
    [Fact]
    public async Task An_mqtt_message_is_one_trace_through_the_grain_calls_to_the_stored_image()
    {
        var mosquitto = await TestServers.Mosquitto;
        var topicRoot = $"trace{Guid.NewGuid().ToString("N")[..8]}";
        var bridgeSpanName = $"process {topicRoot}/+/image_json";
        using var spans = new RecordedSpans(TelemetryHostingExtensions.OrleansActivitySources, IngestionTelemetry.ActivitySourceName);
        await using var host = await StandaloneGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Mqtt:BrokerUrl"] = mosquitto.BrokerUrl,
            ["Mqtt:User"] = mosquitto.User,
            ["Mqtt:Password"] = mosquitto.Password,
            ["Mqtt:Topic"] = $"{topicRoot}/+/image_json",
            ["Mqtt:ClientId"] = topicRoot,
        });
        var chunk = JsonSerializer.Serialize(new { id = "mqtt-traced", index = 0, total = 1, data = Convert.ToBase64String(SharedJpegs.Samples.TestCard) });

        // The bridge may not have subscribed yet: publish again until it handles the chunk (repeats are ignored as duplicates).
        Activity? bridgeSpan = null;
        var publishErrors = new List<string>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (bridgeSpan is null)
        {
            Assert.False(DateTime.UtcNow > deadline, "the bridge made no span for the published chunk; mosquitto_pub errors: " + string.Join(" | ", publishErrors));
            if (await PublishAsync(mosquitto, $"{topicRoot}/mqtt-traced/image_json", chunk) is { } error)
            {
                publishErrors.Add(error);
            }
            bridgeSpan = await spans.WaitForAsync(span => span.DisplayName == bridgeSpanName, TimeSpan.FromSeconds(2));
        }

        Assert.Equal(ActivityKind.Consumer, bridgeSpan.Kind);
        Assert.Equal(default, bridgeSpan.ParentSpanId);
        var grainCall = await spans.WaitForAsync(span => span.TraceId == bridgeSpan.TraceId
            && span.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && span.DisplayName.Contains("ReceiveChunk", StringComparison.Ordinal));
        // The image is stored on a timer after the last chunk's call; its span stops once the blob and the row are written.
        var store = await spans.WaitForAsync(span => span.TraceId == bridgeSpan.TraceId && span.DisplayName == "store image");
        var blobWrite = await spans.WaitForAsync(span => span.TraceId == bridgeSpan.TraceId && span.DisplayName == "blob put");
        Assert.Contains(bridgeSpan, spans.AncestorsOf(grainCall));
        Assert.Equal(store, spans.AncestorsOf(blobWrite)[0]);
        Assert.Contains(bridgeSpan, spans.AncestorsOf(store));
    }

    /// <returns>mosquitto_pub's error output when it failed, else null.</returns>
    private static async Task<string?> PublishAsync(MosquittoServer mosquitto, string topic, string payload)
    {
        var start = new ProcessStartInfo(RequiredBinary.Find("mosquitto_pub", "mosquitto-clients"))
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-h", mosquitto.Host, "-p", mosquitto.PortText, "-u", mosquitto.User, "-P", mosquitto.Password, "-t", topic, "-q", "1", "-s" })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(payload);
        process.StandardInput.Close();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? null : $"exit {process.ExitCode}: {error}";
    }
}
