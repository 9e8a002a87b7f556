using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.ServiceDefaults.Telemetry;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;

namespace IngestionCluster.Tests.Telemetry;

[Collection(TelemetryHostCollection.Name)]
public sealed class GrainTracingTests
{
    [Fact]
    public async Task An_http_push_is_one_trace_from_the_request_through_the_grain_call_to_the_blob_and_database_writes()
    {
        using var spans = new RecordedSpans("Microsoft.AspNetCore", TelemetryHostingExtensions.OrleansActivitySources, IngestionTelemetry.ActivitySourceName);
        await using var host = await StandaloneGateway.StartAsync();
        var admin = host.As(ApiRoles.Admin);
        (await admin.PostAsJsonAsync("/api/cameras", new { id = "traced-cam", source_type = "http_push", persist = new { mode = "all" } })).EnsureSuccessStatusCode();
        var traceId = ActivityTraceId.CreateRandom();

        using var push = new HttpRequestMessage(HttpMethod.Post, "/api/ingest/push/traced-cam") { Content = new ByteArrayContent(SharedJpegs.Samples.TestCard) };
        push.Content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        push.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        (await OutsideCaller.SendAsync(admin, push)).EnsureSuccessStatusCode();

        var request = await spans.WaitForAsync(span => span.TraceId == traceId && span.Source.Name == "Microsoft.AspNetCore");
        var blobWrite = await spans.WaitForAsync(span => span.TraceId == traceId && span.DisplayName == "blob put");
        var rowWrite = await spans.WaitForAsync(span => span.TraceId == traceId && span.DisplayName == "db execute");
        foreach (var write in new[] { blobWrite, rowWrite })
        {
            var ancestors = spans.AncestorsOf(write);
            Assert.Contains(ancestors, span => span.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal)
                && span.DisplayName.Contains("PushFrame", StringComparison.Ordinal));
            Assert.True(ancestors.Count > 0 && ancestors[^1] == request,
                $"{write.DisplayName} does not descend from the request span; spans: {spans.Describe()}");
        }
    }
}
