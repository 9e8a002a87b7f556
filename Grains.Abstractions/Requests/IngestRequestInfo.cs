namespace IngestionCluster.Grains.Abstractions.Requests;

/// <summary>An ingest request as the status API shows it.</summary>
/// <param name="RequestId">The request's id.</param>
/// <param name="Kind">upload or rtsp.</param>
/// <param name="Status">accepted, processing, completed or failed.</param>
/// <param name="CameraId">The camera the images belong to.</param>
/// <param name="CreatedAt">When the request was accepted.</param>
/// <param name="UpdatedAt">When its status last changed.</param>
/// <param name="StartedAt">When processing started.</param>
/// <param name="CompletedAt">When it completed or failed.</param>
/// <param name="Files">The images stored, in order.</param>
/// <param name="Error">Why it failed.</param>
public sealed record IngestRequestInfo(
    string RequestId,
    IngestRequestKind Kind,
    IngestRequestStatus Status,
    string CameraId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<IngestedFile> Files,
    string? Error);
