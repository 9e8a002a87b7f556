using System.Collections.Concurrent;
using System.Text;
using IngestionCluster.Gateway.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Tests.Telemetry;

[Collection(TelemetryHostCollection.Name)]
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Without_an_otlp_endpoint_nothing_is_exported_over_otlp()
    {
        await using var host = await TelemetryTestHost.StartAsync();

        var providers = host.Services.GetRequiredService<TelemetryProviders>();

        Assert.False(providers.OtlpMetricsEnabled);
        Assert.False(providers.OtlpTracesEnabled);
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
        var providers = host.Services.GetRequiredService<TelemetryProviders>();
        Assert.True(providers.OtlpMetricsEnabled);
        Assert.True(providers.OtlpTracesEnabled);

        (await host.Client.GetAsync("/telemetry-otlp/ping")).EnsureSuccessStatusCode();

        // OTLP/protobuf carries strings as plain UTF-8, so names can be looked for in the bytes.
        await collector.WaitForAsync("/v1/metrics", "ingest_http_requests");
        await collector.WaitForAsync("/v1/traces", "/telemetry-otlp/ping");
        await collector.WaitForAsync("/v1/traces", "ingestion-gateway");
    }

    /// <summary>An OTLP/HTTP receiver on 127.0.0.1 that keeps every body it is sent, by path.</summary>
    private sealed class FakeOtlpCollector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<(string Path, string ContentType, string Body)> _received;

        private FakeOtlpCollector(WebApplication app, ConcurrentQueue<(string, string, string)> received)
        {
            _app = app;
            _received = received;
        }

        public string Endpoint => _app.Urls.Single();

        public static async Task<FakeOtlpCollector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var received = new ConcurrentQueue<(string, string, string)>();
            app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                using var buffer = new MemoryStream();
                await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
                received.Enqueue((context.Request.Path.Value ?? string.Empty, context.Request.ContentType ?? string.Empty,
                    Encoding.Latin1.GetString(buffer.ToArray())));
                // An empty protobuf message is a valid Export*ServiceResponse.
                context.Response.ContentType = "application/x-protobuf";
            });
            await app.StartAsync();
            return new FakeOtlpCollector(app, received);
        }

        public async Task WaitForAsync(string path, string text)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var needle = Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(text));
            while (!_received.Any(request => request.Path == path
                && request.ContentType == "application/x-protobuf"
                && request.Body.Contains(needle, StringComparison.Ordinal)))
            {
                Assert.False(timeout.IsCancellationRequested,
                    $"no OTLP export to {path} containing '{text}'; received: " +
                    string.Join(", ", _received.Select(request => $"{request.Path} ({request.Body.Length} bytes)")));
                await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
