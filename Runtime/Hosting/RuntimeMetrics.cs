using System.Diagnostics.Metrics;

namespace IngestionCluster.Runtime.Hosting;

/// <summary>The runtime's instruments: activations, calls, partitions, dead letters.</summary>
internal sealed class RuntimeMetrics
{
    public const string MeterName = "IngestionCluster";
    private static readonly Meter _meter = new(MeterName);
    private static readonly Counter<long> _activations = _meter.CreateCounter<long>("ingest_grain_activations", description: "Grain activations created, by grain type.");
    private static readonly Counter<long> _deactivations = _meter.CreateCounter<long>("ingest_grain_deactivations", description: "Grain activations ended, by grain type.");

    public void Activated(string grainType) => _activations.Add(1, new KeyValuePair<string, object?>("grain_type", ShortName(grainType)));

    public void Deactivated(string grainType) => _deactivations.Add(1, new KeyValuePair<string, object?>("grain_type", ShortName(grainType)));

    private static string ShortName(string wireName)
    {
        var dot = wireName.LastIndexOf('.');
        return dot < 0 ? wireName : wireName[(dot + 1)..];
    }
}
