namespace IngestionCluster.Grains.Abstractions.Jobs;

/// <summary>An upload job as the API shows it.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="Status">created, queued, processing, completed or failed.</param>
/// <param name="Filename">The client's file name.</param>
/// <param name="ContentType">The declared content type.</param>
/// <param name="DeclaredSizeBytes">The declared size.</param>
/// <param name="ObjectKey">Where the object is stored.</param>
/// <param name="CreatedAt">When the job was created.</param>
/// <param name="UpdatedAt">When its status last changed.</param>
/// <param name="UploadExpiresAt">When the upload URL expires.</param>
/// <param name="SizeBytes">The stored object's size, once completed.</param>
/// <param name="Sha256">The stored object's SHA-256, once completed.</param>
/// <param name="LineCount">Lines of a text object (text/* content types), once completed.</param>
/// <param name="Error">Why the job failed.</param>
public sealed record UploadJobInfo(
    string JobId,
    UploadJobStatus Status,
    string Filename,
    string ContentType,
    long DeclaredSizeBytes,
    string ObjectKey,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset UploadExpiresAt,
    long? SizeBytes,
    string? Sha256,
    long? LineCount,
    string? Error);
