using Orleans;

namespace IngestionCluster.Grains.Abstractions.Jobs;

/// <summary>An upload job as the API shows it.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="Status">created, queued, processing, completed or failed.</param>
/// <param name="Filename">The client's file name.</param>
/// <param name="ContentType">The declared content type; null when none was declared.</param>
/// <param name="DeclaredSizeBytes">The declared size.</param>
/// <param name="ObjectKey">Where the object is stored.</param>
/// <param name="CreatedAt">When the job was created.</param>
/// <param name="UpdatedAt">When its status last changed.</param>
/// <param name="UploadExpiresAt">When the upload URL expires.</param>
/// <param name="SizeBytes">The stored object's size, once completed.</param>
/// <param name="Sha256">The stored object's SHA-256, once completed.</param>
/// <param name="LineCount">Lines of a text object (text/* content types), once completed.</param>
/// <param name="Error">Why the job failed.</param>
/// <param name="LogFormat">The declared log format of a log file (json, text, csv, ndjson), if any.</param>
/// <param name="QueuedAt">When the client completed the upload.</param>
/// <param name="StartedAt">When the object's check began.</param>
/// <param name="FinishedAt">When the job completed or failed.</param>
[GenerateSerializer, Alias("ic.UploadJobInfo")]
public sealed record UploadJobInfo(
    [Id(0)] string JobId,
    [Id(1)] UploadJobStatus Status,
    [Id(2)] string Filename,
    [Id(3)] string? ContentType,
    [Id(4)] long DeclaredSizeBytes,
    [Id(5)] string ObjectKey,
    [Id(6)] DateTimeOffset CreatedAt,
    [Id(7)] DateTimeOffset UpdatedAt,
    [Id(8)] DateTimeOffset UploadExpiresAt,
    [Id(9)] long? SizeBytes,
    [Id(10)] string? Sha256,
    [Id(11)] long? LineCount,
    [Id(12)] string? Error,
    [Id(13)] string? LogFormat = null,
    [Id(14)] DateTimeOffset? QueuedAt = null,
    [Id(15)] DateTimeOffset? StartedAt = null,
    [Id(16)] DateTimeOffset? FinishedAt = null);
