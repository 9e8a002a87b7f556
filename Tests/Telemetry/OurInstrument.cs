using System.Diagnostics.Metrics;
using IngestionCluster.ServiceDefaults.Telemetry;

namespace IngestionCluster.Tests.Telemetry;

/// <summary>Listens to one of our instruments from now on.</summary>
internal static class OurInstrument
{
    /// <summary>
    /// Hands each measurement of <paramref name="instrument"/> to <paramref name="measured"/> with the value of its tag
    /// <paramref name="tag"/> (empty when it has none). Disposing the listener stops it.
    /// </summary>
    public static MeterListener Listen<T>(string instrument, string tag, Action<string, T> measured) where T : struct
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (i, l) =>
            {
                if (i.Meter.Name == IngestionTelemetry.MeterName && i.Name == instrument)
                {
                    l.EnableMeasurementEvents(i);
                }
            },
        };
        listener.SetMeasurementEventCallback<T>((_, value, tags, _) =>
        {
            var key = string.Empty;
            foreach (var t in tags)
            {
                if (t.Key == tag)
                {
                    key = t.Value?.ToString() ?? string.Empty;
                }
            }
            measured(key, value);
        });
        listener.Start();
        return listener;
    }
}
