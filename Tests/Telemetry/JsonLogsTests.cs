using System.Net.Http.Headers;
using System.Text.Json;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Processes;

namespace IngestionCluster.Tests.Telemetry;

[Collection(HeavyTestsCollection.Name)]
public sealed class JsonLogsTests
{
    [Fact]
    public async Task Json_logs_carry_the_request_id_the_trace_id_and_the_camera_id()
    {
        await using var silo = await ProductProcess.StartSiloAsync("json-logs", new Dictionary<string, string>
        {
            ["Logging__Format"] = "json",
            ["Auth__Enabled"] = "false",
        });
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        const string requestId = "req-json-logs-1";
        using var http = new HttpClient { BaseAddress = silo.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/ingest/push/json-cam") { Content = new ByteArrayContent(SharedJpegs.Samples.TestCard) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        request.Headers.Add("X-Request-ID", requestId);
        using var response = await OutsideCaller.SendAsync(http, request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        List<JsonElement> lines = [];
        await Eventually.TrueAsync(() =>
        {
            // The process is still writing: a last line may be incomplete, so only whole lines count.
            lines = silo.Log().Split('\n').SkipLast(1).Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
            return lines.Any(l => ScopeValues(l, "camera_id").Contains("json-cam"));
        }, TimeSpan.FromSeconds(10), "a log line from the camera grain");

        Assert.All(silo.Log().Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("Configuration", StringComparison.Ordinal)),
            line => Assert.StartsWith("{", line, StringComparison.Ordinal));
        Assert.Contains(lines, l => ScopeValues(l, "RequestId").Contains(requestId) && ScopeValues(l, "TraceId").Contains(traceId));
        var grainLine = lines.First(l => ScopeValues(l, "camera_id").Contains("json-cam"));
        // Without a trace exporter too, the grain call carries the request's trace into the grain's log scope.
        Assert.True(ScopeValues(grainLine, "TraceId").Contains(traceId), grainLine.ToString());
        Assert.Contains("CameraGrain", ScopeValues(grainLine, "grain_type").Single() + grainLine.GetProperty("Category").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_logs_show_the_request_id_and_the_camera_id_by_name()
    {
        await using var silo = await ProductProcess.StartSiloAsync("text-logs", new Dictionary<string, string> { ["Auth__Enabled"] = "false" });
        using var http = new HttpClient { BaseAddress = silo.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/ingest/push/text-cam") { Content = new ByteArrayContent(SharedJpegs.Samples.TestCard) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        request.Headers.Add("X-Request-ID", "req-text-logs-1");
        using var response = await OutsideCaller.SendAsync(http, request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        await Eventually.TrueAsync(() => silo.Log().Contains("camera_id=text-cam", StringComparison.Ordinal), TimeSpan.FromSeconds(10),
            "a text log line of the camera grain naming its camera");
        Assert.Contains("RequestId=req-text-logs-1", silo.Log(), StringComparison.Ordinal);
        Assert.DoesNotContain("KeyValuePair`2", silo.Log(), StringComparison.Ordinal);
        Assert.DoesNotContain("Dictionary`2", silo.Log(), StringComparison.Ordinal);
    }

    /// <summary>Values of a key across all scopes of a JSON console log entry.</summary>
    private static List<string> ScopeValues(JsonElement line, string key) =>
        line.TryGetProperty("Scopes", out var scopes)
            ? scopes.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty(key, out _))
                .Select(s => s.GetProperty(key).ToString()).ToList()
            : [];
}
