using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace IngestionCluster.Tests.Telemetry;

/// <summary>Sums the measurements of one of our counters by the value of one tag, from now on.</summary>
public sealed class CounterSpy : IDisposable
{
    private readonly MeterListener _listener;
    private readonly ConcurrentDictionary<string, long> _byTag = new();

    public CounterSpy(string instrument, string tag = "reason")
    {
        _listener = OurInstrument.Listen<long>(instrument, tag, (key, value) => _byTag.AddOrUpdate(key, value, (_, v) => v + value));
    }

    public long this[string tagValue] => _byTag.GetValueOrDefault(tagValue);

    public long Total => _byTag.Values.Sum();

    public void Dispose() => _listener.Dispose();
}
