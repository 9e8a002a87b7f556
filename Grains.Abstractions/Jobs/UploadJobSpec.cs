using Orleans;

namespace IngestionCluster.Grains.Abstractions.Jobs;

/// <summary>What a client declared before uploading an object directly to storage.</summary>
/// <param name="Filename">The client's file name (never used in a key or path).</param>
/// <param name="ContentType">
/// The content type the upload must carry; null when none was declared (the log-ingest seed's uploads), so any is taken.
/// </param>
/// <param name="SizeBytes">The declared size; completion checks the object has exactly this size.</param>
/// <param name="ObjectKey">The blob key the upload goes to.</param>
/// <param name="UploadExpiresAt">When the upload URL expires.</param>
/// <param name="LogFormat">A log file's format (json, text, csv, ndjson) as the log-ingest seed declared it: its lines are counted.</param>
[GenerateSerializer, Alias("ic.UploadJobSpec")]
public sealed record UploadJobSpec(
    [Id(0)] string Filename, [Id(1)] string? ContentType, [Id(2)] long SizeBytes, [Id(3)] string ObjectKey, [Id(4)] DateTimeOffset UploadExpiresAt,
    [Id(5)] string? LogFormat = null);
