using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace IngestionCluster.Tests.Telemetry;

/// <summary>The last value recorded on one of our integer gauges, by the value of one tag, from now on.</summary>
public sealed class GaugeSpy : IDisposable
{
    private readonly MeterListener _listener;
    private readonly ConcurrentDictionary<string, int> _last = new();

    public GaugeSpy(string instrument, string tag)
    {
        _listener = OurInstrument.Listen<int>(instrument, tag, (key, value) => _last[key] = value);
    }

    /// <summary>The last value recorded for <paramref name="tagValue"/>; null when none was.</summary>
    public int? this[string tagValue] => _last.TryGetValue(tagValue, out var value) ? value : null;

    public void Dispose() => _listener.Dispose();
}
