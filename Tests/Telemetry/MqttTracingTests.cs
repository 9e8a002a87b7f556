using System.Diagnostics;
using System.Text.Json;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Processes;

namespace IngestionCluster.Tests.Telemetry;

[Collection(HeavyTestsCollection.Name)]
public sealed class MqttTracingTests
{
    private static readonly TimeSpan _exportTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_mqtt_message_is_one_trace_through_the_grain_calls_to_the_stored_image()
    {
        var mosquitto = await TestServers.Mosquitto;
        await using var collector = await FakeOtlpCollector.StartAsync();
        var topicRoot = $"trace{Guid.NewGuid().ToString("N")[..8]}";
        var bridgeSpanName = $"process {topicRoot}/+/image_json";
        await using var silo = await ProductProcess.StartSiloAsync("mqtt-trace", new Dictionary<string, string>
        {
            ["Auth__Enabled"] = "false",
            ["Mqtt__BrokerUrl"] = mosquitto.BrokerUrl,
            ["Mqtt__User"] = mosquitto.User,
            ["Mqtt__Password"] = mosquitto.Password,
            ["Mqtt__Topic"] = $"{topicRoot}/+/image_json",
            ["Mqtt__ClientId"] = topicRoot,
            ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = collector.Endpoint + "/v1/traces",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        });
        var chunk = JsonSerializer.Serialize(new { id = "mqtt-traced", index = 0, total = 1, data = Convert.ToBase64String(SharedJpegs.Samples.TestCard) });

        // The bridge may not have subscribed yet: publish again until it handles the chunk (repeats are ignored as duplicates).
        OtlpSpan? bridgeSpan = null;
        var publishErrors = new List<string>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (bridgeSpan is null)
        {
            Assert.False(DateTime.UtcNow > deadline, "the bridge exported no span for the published chunk; mosquitto_pub errors: " + string.Join(" | ", publishErrors)
                + "\nspans: " + string.Join(", ", collector.Spans().Select(span => span.Name).Distinct()) + "\nsilo log (end):\n" + silo.Log()[^Math.Min(4000, silo.Log().Length)..]);
            if (await PublishAsync(mosquitto, $"{topicRoot}/mqtt-traced/image_json", chunk) is { } error)
            {
                publishErrors.Add(error);
            }
            await Task.Delay(TimeSpan.FromSeconds(1));
            bridgeSpan = collector.Spans().FirstOrDefault(span => span.Name == bridgeSpanName);
        }

        Assert.True(bridgeSpan.IsRoot);
        var grainCall = await collector.WaitForSpanAsync(span => span.TraceId == bridgeSpan.TraceId
            && span.Scope.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && span.Name.EndsWith("/ReceiveChunks", StringComparison.Ordinal), _exportTimeout);
        // The image is stored on a timer after the last chunk's call; that span continues the message's trace.
        var store = await collector.WaitForSpanAsync(span => span.TraceId == bridgeSpan.TraceId && span.Name == "store image", _exportTimeout);
        var blobWrite = await collector.WaitForSpanAsync(span => span.TraceId == bridgeSpan.TraceId && span.Name == "blob put", _exportTimeout);
        var rowWrite = await collector.WaitForSpanAsync(span => span.TraceId == bridgeSpan.TraceId && span.Name == "db execute"
            && span.ParentSpanId == store.SpanId, _exportTimeout);
        Assert.Contains(bridgeSpan, collector.AncestorsOf(grainCall));
        Assert.Equal(store, collector.AncestorsOf(blobWrite)[0]);
        Assert.Contains(bridgeSpan, collector.AncestorsOf(store));
        Assert.Contains(bridgeSpan, collector.AncestorsOf(rowWrite));
        Assert.All(new[] { bridgeSpan, grainCall, store, blobWrite, rowWrite }, span => Assert.Equal("ingestion-silo", span.Service));
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
