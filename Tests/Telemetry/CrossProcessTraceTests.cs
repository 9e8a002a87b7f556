using System.Net.Http.Headers;
using System.Security.Cryptography;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Processes;

namespace IngestionCluster.Tests.Telemetry;

[Collection(HeavyTestsCollection.Name)]
public sealed class CrossProcessTraceTests
{
    [Fact]
    public async Task A_trace_started_by_an_http_push_in_the_gateway_is_continued_by_the_grain_turn_in_a_silo_process()
    {
        await using var collector = await FakeOtlpCollector.StartAsync();
        var settings = await ClusterSettings.CreateAsync("trace");
        settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint;
        settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        settings["OTEL_BSP_SCHEDULE_DELAY"] = "100";
        await using var silo = await ProductProcess.StartSiloAsync("trace-silo", settings);
        await using var gateway = await ProductProcess.StartGatewayAsync("trace-gateway", new Dictionary<string, string>(settings) { ["Auth__Enabled"] = "false" });
        await gateway.WaitUntilReadyAsync();

        var traceId = RandomNumberGenerator.GetBytes(16);
        var parentSpan = RandomNumberGenerator.GetBytes(8);
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/ingest/push/trace-cam")
        {
            Content = new ByteArrayContent(SharedJpegs.Samples.TestCard),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        request.Headers.Add("traceparent", $"00-{Convert.ToHexStringLower(traceId)}-{Convert.ToHexStringLower(parentSpan)}-01");
        using var response = await OutsideCaller.SendAsync(http, request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        var trace = Convert.ToHexStringLower(traceId);
        var timeout = TimeSpan.FromSeconds(30);
        var requestSpan = await collector.WaitForSpanAsync(span => span.TraceId == trace && span.Service == "ingestion-gateway" && span.Scope == "Microsoft.AspNetCore", timeout);
        Assert.Equal(Convert.ToHexStringLower(parentSpan), requestSpan.ParentSpanId);
        Assert.Equal("POST /api/ingest/push/{camera_id}", requestSpan.Name);
        var grainTurn = await collector.WaitForSpanAsync(span => span.TraceId == trace && span.Service == "ingestion-silo" && span.Name.EndsWith("/PushFrame", StringComparison.Ordinal)
            && collector.AncestorsOf(span).Any(ancestor => ancestor.Service == "ingestion-gateway"), timeout);
        Assert.Contains(requestSpan, collector.AncestorsOf(grainTurn));
        // The grain's state write goes through Orleans' ADO.NET storage to PostgreSQL: Npgsql's span is in the same trace.
        var databaseWrite = await collector.WaitForSpanAsync(span => span.TraceId == trace && span.Service == "ingestion-silo" && span.Scope == "Npgsql", timeout);
        Assert.Contains(requestSpan, collector.AncestorsOf(databaseWrite));
    }
}
