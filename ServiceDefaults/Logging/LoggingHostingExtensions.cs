using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.ServiceDefaults.Logging;

public static class LoggingHostingExtensions
{
    /// <summary>
    /// Console logs: JSON lines in Production (one object per line, UTC timestamps, scopes included:
    /// request id, trace and span ids, camera id in grain turns), readable single lines elsewhere.
    /// <c>Logging__Format=json|text</c> overrides the choice; levels come from <c>Logging__LogLevel__*</c>.
    /// </summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A log level .NET does not accept.</exception>
    public static IHostApplicationBuilder AddIngestionLogging(this IHostApplicationBuilder builder)
    {
        LogLevelSettings.Validate(builder.Configuration);
        var format = builder.Configuration["Logging:Format"]?.Trim().ToLowerInvariant()
            ?? (builder.Environment.IsProduction() ? "json" : "text");
        builder.Logging.ClearProviders();
        builder.Logging.Configure(options =>
            options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        if (format == "json")
        {
            builder.Logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
                options.JsonWriterOptions = new JsonWriterOptions { Indented = false };
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(options =>
            {
                options.IncludeScopes = true;
                options.SingleLine = true;
                options.TimestampFormat = "HH:mm:ss.fff ";
            });
        }
        return builder;
    }
}
