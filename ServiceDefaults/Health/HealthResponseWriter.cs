using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IngestionCluster.ServiceDefaults.Health;

/// <summary>Writes a health report as JSON: the overall status and one entry per dependency.</summary>
public static class HealthResponseWriter
{
    private static readonly JsonWriterOptions _writerOptions = new() { Indented = false };

    public static Task WriteAsync(HttpContext context, HealthReport report) => WriteAsync(context, report, checkedAt: null);

    /// <summary>A report of an earlier run, saying when it was taken.</summary>
    public static async Task WriteAsync(HttpContext context, HealthReport report, DateTimeOffset? checkedAt)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.Body, _writerOptions);
        writer.WriteStartObject();
        writer.WriteString("status", ToWireStatus(report.Status));
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

    /// <summary>Before the first run of the checks finished: the process is up, nothing is known of its dependencies yet.</summary>
    public static async Task WriteStartingAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.Body, _writerOptions);
        writer.WriteStartObject();
        writer.WriteString("status", "starting");
        writer.WriteStartObject("checks");
        writer.WriteEndObject();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }

    private static string ToWireStatus(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
