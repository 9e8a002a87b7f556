using System.Collections.Frozen;
using OpenTelemetry.Metrics;

namespace IngestionCluster.ServiceDefaults.Telemetry;

/// <summary>
/// Help text for the Orleans instruments the dashboard and the README rely on: Orleans publishes its
/// instruments without a description, which Prometheus shows as a family with no help.
/// </summary>
internal static class OrleansInstrumentViews
{
    private static readonly FrozenDictionary<string, string> _descriptions = new Dictionary<string, string>
    {
        ["orleans-grains"] = "Live grain activations on this silo, by grain type.",
        ["orleans-catalog-activations"] = "Activations in this silo's catalog (grains and system targets), by grain type.",
        ["orleans-catalog-activation-created"] = "Activations this silo created, by grain type.",
        ["orleans-app-requests-latency"] = "Time from sending an application grain call to its response, in milliseconds.",
        ["orleans-app-requests-timedout"] = "Application grain calls that timed out waiting for a response.",
        ["orleans-messaging-processing-dispatcher-received"] = "Messages this silo's dispatcher received, by direction (request, response, one-way).",
        ["orleans-storage-read-latency"] = "Time to read grain state from storage, in milliseconds, by state.",
        ["orleans-storage-write-latency"] = "Time to write grain state to storage, in milliseconds, by state.",
        ["orleans-consistent-ring-size"] = "Silos in the cluster's consistent ring, as this silo sees it.",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static MeterProviderBuilder AddOrleansInstrumentViews(this MeterProviderBuilder metrics) =>
        metrics.AddView(instrument =>
            instrument.Meter.Name == TelemetryHostingExtensions.OrleansMeterName
            && string.IsNullOrEmpty(instrument.Description)
            && _descriptions.TryGetValue(instrument.Name, out var description)
                ? new MetricStreamConfiguration { Description = description }
                : null);
}
