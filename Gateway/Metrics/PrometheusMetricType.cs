namespace IngestionCluster.Gateway.Metrics;

/// <summary>The metric types of the Prometheus text format that OpenTelemetry metrics map to.</summary>
internal enum PrometheusMetricType
{
    /// <summary>A monotonic sum (Counter, ObservableCounter).</summary>
    Counter,

    /// <summary>A last value or a non-monotonic sum (Gauge, UpDownCounter and their observable forms).</summary>
    Gauge,

    /// <summary>An explicit-bucket histogram.</summary>
    Histogram,
}
