using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using IngestionCluster.ServiceDefaults.Telemetry;

namespace IngestionCluster.Tests.Telemetry;

/// <summary>Sums the measurements of one of our counters by the value of one tag, from now on.</summary>
public sealed class CounterSpy : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _byTag = new();

    public CounterSpy(string instrument, string tag = "reason")
    {
        _listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == IngestionTelemetry.MeterName && i.Name == instrument)
            {
                l.EnableMeasurementEvents(i);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var key = string.Empty;
            foreach (var t in tags)
            {
                if (t.Key == tag)
                {
                    key = t.Value?.ToString() ?? string.Empty;
                }
            }
            _byTag.AddOrUpdate(key, value, (_, v) => v + value);
        });
        _listener.Start();
    }

    public long this[string tagValue] => _byTag.GetValueOrDefault(tagValue);

    public long Total => _byTag.Values.Sum();

    public void Dispose() => _listener.Dispose();
}
