namespace IngestionCluster.Tests.Telemetry;

/// <summary>The Prometheus families the project names itself (as opposed to those of Orleans, ASP.NET Core, the runtime).</summary>
internal static class ProjectMetricFamilies
{
    /// <summary>The seeds' families, exactly as their dashboards query them.</summary>
    public static readonly IReadOnlyDictionary<string, string> Seeds = new Dictionary<string, string>
    {
        ["ingestion_requests_total"] = "counter",
        ["ingestion_request_duration_seconds"] = "histogram",
        ["ingestion_frames_total"] = "counter",
        ["http_requests_total"] = "counter",
        ["http_request_duration_seconds"] = "histogram",
        ["camera_ingest_frames_total"] = "counter",
        ["camera_ingest_last_frame_timestamp"] = "gauge",
    };

    public static bool Contains(string family) =>
        family.StartsWith("ingest_", StringComparison.Ordinal) || family.StartsWith("camera_ingest_", StringComparison.Ordinal) || Seeds.ContainsKey(family);
}
