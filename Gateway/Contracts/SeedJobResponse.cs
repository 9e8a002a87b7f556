using IngestionCluster.Grains.Abstractions.Jobs;

namespace IngestionCluster.Gateway.Contracts;

/// <summary>
/// An upload job as the log-ingest seed's <c>/jobs</c> routes showed it (upper-case status, <c>FILE_UPLOAD</c>,
/// progress 0 or 100, no retries: a check that is interrupted resumes rather than starting over), with what this
/// product adds: the file's name, declared size and format, and once completed its hash and line count.
/// </summary>
public sealed record SeedJobResponse(
    string JobId,
    string JobType,
    string Source,
    string Status,
    int Progress,
    int RetryCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset? QueuedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset UpdatedAt,
    string? ErrorMessage,
    string Filename,
    long FileSize,
    string? LogFormat,
    string? Sha256,
    long? LineCount)
{
    public const string FileUploadType = "FILE_UPLOAD";

    public static string StatusName(UploadJobStatus status) => status.ToString().ToUpperInvariant();

    public static SeedJobResponse From(UploadJobInfo job) => new(
        job.JobId, FileUploadType, "api", StatusName(job.Status), job.Status == UploadJobStatus.Completed ? 100 : 0, 0,
        job.CreatedAt, job.QueuedAt, job.StartedAt, job.FinishedAt, job.UpdatedAt, job.Error,
        job.Filename, job.DeclaredSizeBytes, job.LogFormat, job.Sha256, job.LineCount);
}
