namespace IngestionCluster.Grains.Abstractions.Jobs;

/// <summary>The log formats the log-ingest seed's clients declare for an upload; every one is line-based text.</summary>
public static class LogFormats
{
    public static readonly IReadOnlyList<string> All = ["json", "text", "csv", "ndjson"];

    /// <summary>The format as stored (lower case), or null when it is not one of <see cref="All"/>.</summary>
    public static string? Normalize(string? format)
    {
        var lower = format?.Trim().ToLowerInvariant();
        return lower is not null && All.Contains(lower) ? lower : null;
    }
}
