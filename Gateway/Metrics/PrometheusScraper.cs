using OpenTelemetry.Metrics;

namespace IngestionCluster.Gateway.Metrics;

/// <summary>
/// Produces the Prometheus exposition on demand. Add <see cref="Reader"/> to a
/// <see cref="MeterProvider"/>; each <see cref="ScrapeAsync"/> collects that provider's metrics
/// (running observable callbacks) and returns the rendered text. Scrapes are serialized, so
/// concurrent scrapers each get a complete, consistent exposition.
/// </summary>
public sealed class PrometheusScraper
{
    /// <summary>The content type of the text exposition format 0.0.4.</summary>
    public const string ContentType = PrometheusTextSerializer.ContentType;

    private const int CollectTimeoutMilliseconds = 10_000;

    private readonly PrometheusTextExporter _exporter = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Creates a scraper whose pull-only reader is not yet attached to a provider.</summary>
    public PrometheusScraper() => Reader = new BaseExportingMetricReader(_exporter);

    /// <summary>The metric reader to add to the meter provider (with cumulative temporality).</summary>
    public MetricReader Reader { get; }

    /// <summary>
    /// Collects and renders the metrics; <c>null</c> when the collection failed or timed out, or the
    /// provider is already disposed.
    /// </summary>
    public async Task<byte[]?> ScrapeAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Collections only happen here (a pull-only reader ignores ForceFlush), one at a time, so the
            // snapshot after a successful collection is the one this call rendered.
            return _exporter.Collect?.Invoke(CollectTimeoutMilliseconds) == true ? _exporter.Snapshot : null;
        }
        finally
        {
            _gate.Release();
        }
    }
}
