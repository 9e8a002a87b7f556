using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using IngestionCluster.ServiceDefaults.Telemetry;

namespace IngestionCluster.Tests.Telemetry;

/// <summary>The last value recorded on one of our integer gauges, by the value of one tag, from now on.</summary>
public sealed class GaugeSpy : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, int> _last = new();

    public GaugeSpy(string instrument, string tag)
    {
        _listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == IngestionTelemetry.MeterName && i.Name == instrument)
            {
                l.EnableMeasurementEvents(i);
            }
        };
        _listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
        {
            foreach (var t in tags)
            {
                if (t.Key == tag && t.Value?.ToString() is { } key)
                {
                    _last[key] = value;
                }
            }
        });
        _listener.Start();
    }

    /// <summary>The last value recorded for <paramref name="tagValue"/>; null when none was.</summary>
    public int? this[string tagValue] => _last.TryGetValue(tagValue, out var value) ? value : null;

    public void Dispose() => _listener.Dispose();
}
