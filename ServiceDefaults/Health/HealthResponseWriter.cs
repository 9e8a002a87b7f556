using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IngestionCluster.ServiceDefaults.Health;

/// <summary>
/// Writes a health report as JSON: the overall status and one entry per dependency. Readiness answers also say
/// <c>ready</c>, and liveness answers <c>alive</c> and <c>timestamp</c> (Unix seconds), the fields ThermoSense's probes
/// answered at <c>/ready</c> and <c>/live</c>.
/// </summary>
public static class HealthResponseWriter
{
    private static readonly JsonWriterOptions _writerOptions = new() { Indented = false };

    /// <summary>A readiness report, run for this request.</summary>
    public static Task WriteReadinessAsync(HttpContext context, HealthReport report) =>
        WriteAsync(context, report, checkedAt: null, w => w.WriteBoolean("ready", report.Status != HealthStatus.Unhealthy));

    /// <summary>A liveness answer: the report of the checks' last background run, saying when it was taken.</summary>
    public static Task WriteLivenessAsync(HttpContext context, HealthReport report, DateTimeOffset checkedAt) =>
        WriteAsync(context, report, checkedAt, Alive);

    /// <summary>Before the first run of the checks finished: the process is up, nothing is known of its dependencies yet.</summary>
    public static async Task WriteStartingAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.Body, _writerOptions);
        writer.WriteStartObject();
        writer.WriteString("status", "starting");
        Alive(writer);
        writer.WriteStartObject("checks");
        writer.WriteEndObject();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }

    private static async Task WriteAsync(HttpContext context, HealthReport report, DateTimeOffset? checkedAt, Action<Utf8JsonWriter> probeFields)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.Body, _writerOptions);
        writer.WriteStartObject();
        writer.WriteString("status", ToWireStatus(report.Status));
        probeFields(writer);
        writer.WriteNumber("duration_ms", Math.Round(report.TotalDuration.TotalMilliseconds, 1));
        if (checkedAt is { } at)
        {
            writer.WriteString("checked_at", at.UtcDateTime);
        }
        writer.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            writer.WriteStartObject(name);
            writer.WriteString("status", ToWireStatus(entry.Status));
            if (entry.Description is not null)
            {
                writer.WriteString("description", entry.Description);
            }
            if (entry.Exception is not null)
            {
                writer.WriteString("error", entry.Exception.Message);
            }
            writer.WriteNumber("duration_ms", Math.Round(entry.Duration.TotalMilliseconds, 1));
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }

    private static void Alive(Utf8JsonWriter writer)
    {
        writer.WriteBoolean("alive", true);
        writer.WriteNumber("timestamp", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    private static string ToWireStatus(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
