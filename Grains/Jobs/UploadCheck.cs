namespace IngestionCluster.Grains.Jobs;

/// <summary>What checking an uploaded object found: its size and SHA-256, and its lines for text.</summary>
internal sealed record UploadCheck(long SizeBytes, string Sha256, long? LineCount);
