namespace IngestionCluster.Gateway.Uploads;

/// <summary>The most bytes a JSON field may take, stored as PostgreSQL stores it, and the setting that says so (named in the 413).</summary>
internal readonly record struct JsonSizeLimit(int MaxBytes, string Setting);
