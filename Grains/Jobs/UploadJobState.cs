using IngestionCluster.Grains.Abstractions.Jobs;

namespace IngestionCluster.Grains.Jobs;

/// <summary>What an upload job grain persists.</summary>
public sealed class UploadJobState
{
    public UploadJobSpec? Spec { get; set; }

    public UploadJobStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public long? SizeBytes { get; set; }

    public string? Sha256 { get; set; }

    public long? LineCount { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset? QueuedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}
