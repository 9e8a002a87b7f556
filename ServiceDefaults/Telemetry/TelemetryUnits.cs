namespace IngestionCluster.ServiceDefaults.Telemetry;

/// <summary>
/// UCUM unit strings for the <c>unit</c> argument of instruments. The Prometheus exporter turns the
/// base units into name suffixes; curly-brace annotations only describe what is counted.
/// </summary>
public static class TelemetryUnits
{
    /// <summary>Seconds; exposed with the suffix <c>_seconds</c>.</summary>
    public const string Seconds = "s";

    /// <summary>Bytes; exposed with the suffix <c>_bytes</c>.</summary>
    public const string Bytes = "By";

    /// <summary>A dimensionless ratio between 0 and 1; a gauge gets the suffix <c>_ratio</c>.</summary>
    public const string Ratio = "1";

    /// <summary>HTTP requests (annotation, no suffix).</summary>
    public const string Requests = "{request}";

    /// <summary>Image frames (annotation, no suffix).</summary>
    public const string Frames = "{frame}";

    /// <summary>Messages (annotation, no suffix).</summary>
    public const string Messages = "{message}";
}
