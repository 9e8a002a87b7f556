using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace IngestionCluster.Gateway.Metrics;

/// <summary>
/// A pull-only metric exporter: <see cref="Collect"/> (wired by its reader) collects the provider's
/// metrics and renders the whole cumulative state as Prometheus text, kept as the latest snapshot.
/// </summary>
[ExportModes(ExportModes.Pull)]
internal sealed class PrometheusTextExporter : BaseExporter<Metric>, IPullMetricExporter
{
    private byte[] _snapshot = [];

    /// <summary>
    /// Set by <see cref="BaseExportingMetricReader"/> to its collect function, which is the only way to
    /// collect through a pull-only reader (a provider's ForceFlush does not export to it).
    /// </summary>
    public Func<int, bool>? Collect { get; set; }

    /// <summary>The exposition rendered by the latest collection (empty before the first one).</summary>
    public byte[] Snapshot => Volatile.Read(ref _snapshot);

    public override ExportResult Export(in Batch<Metric> batch)
    {
        // The metrics of a batch are only valid during this call, so they are rendered right here.
        var metrics = new List<Metric>();
        foreach (var metric in batch)
        {
            metrics.Add(metric);
        }
        var text = PrometheusTextSerializer.Serialize(metrics, ParentProvider?.GetResource() ?? OpenTelemetry.Resources.Resource.Empty);
        Volatile.Write(ref _snapshot, Encoding.UTF8.GetBytes(text));
        return ExportResult.Success;
    }
}
