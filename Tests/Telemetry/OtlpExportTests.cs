using System.Collections.Concurrent;
using System.Text;
using IngestionCluster.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace IngestionCluster.Tests.Telemetry;

[Collection(TelemetryHostCollection.Name)]
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Without_an_otlp_endpoint_nothing_is_exported_over_otlp()
    {
        await using var host = await TelemetryTestHost.StartAsync();

        var otlp = host.Services.GetRequiredService<OtlpExportSettings>();

        Assert.False(otlp.Metrics);
        Assert.False(otlp.Traces);
        // Still a tracer: trace context flows through grain calls into the silos' log scopes (JsonLogsTests).
        Assert.NotNull(host.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task With_an_otlp_endpoint_metrics_and_spans_reach_the_collector()
    {
        await using var collector = await FakeOtlpCollector.StartAsync();
        await using var host = await TelemetryTestHost.StartAsync(
            endpoints => endpoints.MapGet("/telemetry-otlp/ping", () => "pong"),
            new Dictionary<string, string?>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            });
        var otlp = host.Services.GetRequiredService<OtlpExportSettings>();
        Assert.True(otlp.Metrics);
        Assert.True(otlp.Traces);

        (await host.Client.GetAsync("/telemetry-otlp/ping")).EnsureSuccessStatusCode();

        // OTLP/protobuf carries strings as plain UTF-8, so names can be looked for in the bytes.
        await collector.WaitForAsync("/v1/metrics", "ingestion_requests");
        await collector.WaitForAsync("/v1/metrics", "http.server.request.duration");
        await collector.WaitForAsync("/v1/traces", "/telemetry-otlp/ping");
        await collector.WaitForAsync("/v1/traces", "ingestion-gateway");
    }

    [Fact]
    public async Task A_traces_endpoint_alone_exports_spans_there_and_no_metrics()
    {
        await using var collector = await FakeOtlpCollector.StartAsync();
        await using var host = await TelemetryTestHost.StartAsync(
            endpoints => endpoints.MapGet("/telemetry-otlp/traces-only", () => "pong"),
            new Dictionary<string, string?>
            {
                [OtlpExportSettings.TracesEndpointKey] = collector.Endpoint + "/v1/traces",
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            });
        var otlp = host.Services.GetRequiredService<OtlpExportSettings>();
        Assert.False(otlp.Metrics);
        Assert.True(otlp.Traces);

        (await host.Client.GetAsync("/telemetry-otlp/traces-only")).EnsureSuccessStatusCode();

        var span = await collector.WaitForSpanAsync(span => span.Name == "GET /telemetry-otlp/traces-only", TimeSpan.FromSeconds(20));
        Assert.Equal("ingestion-gateway", span.Service);
        Assert.Equal("Microsoft.AspNetCore", span.Scope);
    }
}
