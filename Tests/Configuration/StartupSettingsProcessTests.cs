using IngestionCluster.ServiceDefaults.Hosting;
using IngestionCluster.Tests.Processes;

namespace IngestionCluster.Tests.Configuration;

/// <summary>Settings that .NET or a library would otherwise refuse with a stack trace stop the real executable with one line.</summary>
public sealed class StartupSettingsProcessTests
{
    [Theory]
    [InlineData("Logging__LogLevel__Default", "info", "Configuration error: Logging__LogLevel__Default must be Trace, Debug, Information, Warning, Error, Critical or None, got 'info'")]
    [InlineData("Logging__LogLevel__Microsoft", "warn", "Configuration error: Logging__LogLevel__Microsoft must be Trace, Debug, Information, Warning, Error, Critical or None, got 'warn'")]
    [InlineData("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "collector", "Configuration error: OTEL_EXPORTER_OTLP_METRICS_ENDPOINT must be an http:// or https:// URL")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4317", "Configuration error: OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL")]
    [InlineData("ASPNETCORE_URLS", "localhost:8080", "Configuration error: ASPNETCORE_URLS (or --urls) must be http:// or https:// URLs")]
    public async Task A_bad_value_stops_the_silo_with_exactly_one_configuration_error_line(string variable, string value, string expected)
    {
        var (exitCode, output) = await RefusedSiloRun.RunAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            [variable] = value,
        });

        Assert.Equal(StartupFailure.SettingsExitCode, exitCode);
        var line = Assert.Single(output.Split('\n'), l => l.StartsWith("Configuration error:", StringComparison.Ordinal));
        Assert.StartsWith(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }
}
