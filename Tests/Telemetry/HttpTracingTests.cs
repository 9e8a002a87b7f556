using System.Diagnostics;
using IngestionCluster.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IngestionCluster.Tests.Telemetry;

[Collection(TelemetryHostCollection.Name)]
public sealed class HttpTracingTests
{
    /// <summary>ASP.NET Core's request activities, which the OpenTelemetry instrumentation completes and exports.</summary>
    private const string AspNetCoreSource = "Microsoft.AspNetCore";

    private const string ItemsRoute = "/telemetry-trace/items/{id}";
    private const string CurrentRoute = "/telemetry-trace/current";

    private static void MapTestRoutes(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ItemsRoute, (string id) => Results.Ok(new { id }));
        // What the endpoint's code (a grain call carrying a traceparent) sees as the current span.
        endpoints.MapGet(CurrentRoute, () => Results.Text(Activity.Current?.Id ?? "none"));
    }

    /// <summary>The instrumentation that names and tags request spans runs only while spans are exported.</summary>
    private static Dictionary<string, string?> ExportingTo(FakeOtlpCollector collector) => new()
    {
        [OtlpExportSettings.TracesEndpointKey] = collector.Endpoint + "/v1/traces",
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
    };

    [Fact]
    public async Task Incoming_traceparent_keeps_its_trace_id_in_the_request_span()
    {
        using var spans = new RecordedSpans(AspNetCoreSource);
        await using var collector = await FakeOtlpCollector.StartAsync();
        await using var host = await TelemetryTestHost.StartAsync(MapTestRoutes, ExportingTo(collector));
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpanId = ActivitySpanId.CreateRandom();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/telemetry-trace/items/42");
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpanId}-01");
        (await OutsideCaller.SendAsync(host.Client, request)).EnsureSuccessStatusCode();

        var span = await spans.WaitForAsync(activity => activity.TraceId == traceId);
        Assert.Equal(AspNetCoreSource, span.Source.Name);
        Assert.Equal(ActivityKind.Server, span.Kind);
        Assert.Equal(callerSpanId, span.ParentSpanId);
        Assert.True(span.HasRemoteParent);
        Assert.Equal($"GET {ItemsRoute}", span.DisplayName);
        Assert.Equal(ItemsRoute, span.GetTagItem("http.route"));
        Assert.Equal("/telemetry-trace/items/42", span.GetTagItem("url.path"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
    }

    [Fact]
    public async Task Request_span_is_current_for_the_endpoint_so_the_trace_flows_on()
    {
        await using var host = await TelemetryTestHost.StartAsync(MapTestRoutes);
        var traceId = ActivityTraceId.CreateRandom();

        using var request = new HttpRequestMessage(HttpMethod.Get, CurrentRoute);
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await OutsideCaller.SendAsync(host.Client, request);

        var currentId = await response.Content.ReadAsStringAsync();
        Assert.StartsWith($"00-{traceId}-", currentId);
    }

    [Fact]
    public async Task Request_without_traceparent_starts_a_new_root_trace()
    {
        using var spans = new RecordedSpans(AspNetCoreSource);
        await using var collector = await FakeOtlpCollector.StartAsync();
        await using var host = await TelemetryTestHost.StartAsync(MapTestRoutes, ExportingTo(collector));
        var path = $"/telemetry-trace/items/{Guid.NewGuid():N}";

        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        (await OutsideCaller.SendAsync(host.Client, request)).EnsureSuccessStatusCode();

        var span = await spans.WaitForAsync(activity => Equals(activity.GetTagItem("url.path"), path));
        Assert.Equal(default, span.ParentSpanId);
        Assert.Null(span.Parent);
        Assert.NotEqual(default, span.TraceId);
    }
}
