using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Tests.Telemetry;

/// <summary>An OTLP/HTTP receiver on 127.0.0.1 that keeps every body it is sent, by path.</summary>
internal sealed class FakeOtlpCollector : IAsyncDisposable
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

    /// <summary>Waits for one export to <paramref name="path"/> holding all of <paramref name="parts"/> (raw bytes, e.g. a trace id, and strings).</summary>
    public async Task WaitForExportWithAllAsync(string path, TimeSpan timeout, params byte[][] parts)
    {
        var needles = parts.Select(p => Encoding.Latin1.GetString(p)).ToArray();
        var deadline = DateTime.UtcNow + timeout;
        while (!_received.Any(request => request.Path == path && needles.All(n => request.Body.Contains(n, StringComparison.Ordinal))))
        {
            Assert.False(DateTime.UtcNow > deadline,
                $"no single OTLP export to {path} held every expected part; received: " +
                string.Join(", ", _received.Select(request => $"{request.Path} ({request.Body.Length} bytes)")));
            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }
    }

    /// <summary>Every span received so far on <c>/v1/traces</c>.</summary>
    public IReadOnlyList<OtlpSpan> Spans() =>
        _received.Where(request => request.Path == "/v1/traces")
            .SelectMany(request => OtlpTraceDecoder.Decode(Encoding.Latin1.GetBytes(request.Body)))
            .ToList();

    /// <summary>Waits until a received span matches.</summary>
    public async Task<OtlpSpan> WaitForSpanAsync(Func<OtlpSpan, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (Spans().FirstOrDefault(match) is { } span)
            {
                return span;
            }
            Assert.False(DateTime.UtcNow > deadline, "no matching span was exported; received: " +
                string.Join(", ", Spans().Select(span => $"{span.Service}/{span.Scope}: {span.Name} {span.TraceId}/{span.SpanId}<-{span.ParentSpanId}")));
            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }
    }

    /// <summary>The span's ancestors among the received spans, nearest first.</summary>
    public IReadOnlyList<OtlpSpan> AncestorsOf(OtlpSpan span)
    {
        var spans = Spans();
        var ancestors = new List<OtlpSpan>();
        var parentId = span.ParentSpanId;
        while (parentId.Length > 0 && spans.FirstOrDefault(candidate => candidate.TraceId == span.TraceId && candidate.SpanId == parentId) is { } parent)
        {
            ancestors.Add(parent);
            parentId = parent.ParentSpanId;
        }
        return ancestors;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
