using IngestionCluster.Grains.Abstractions.Cameras;
using Orleans;

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
/// <param name="Stream">For an RTSP capture: what the source sends, as probed during the capture; null when unknown.</param>
/// <param name="Skipped">For an upload: its files that were not stored (not an accepted image, or empty), with why.</param>
[GenerateSerializer, Alias("ic.IngestRequestInfo")]
public sealed record IngestRequestInfo(
    [Id(0)] string RequestId,
    [Id(1)] IngestRequestKind Kind,
    [Id(2)] IngestRequestStatus Status,
    [Id(3)] string CameraId,
    [Id(4)] DateTimeOffset CreatedAt,
    [Id(5)] DateTimeOffset UpdatedAt,
    [Id(6)] DateTimeOffset? StartedAt,
    [Id(7)] DateTimeOffset? CompletedAt,
    [Id(8)] IReadOnlyList<IngestedFile> Files,
    [Id(9)] string? Error,
    [Id(10)] VideoStreamInfo? Stream = null,
    [Id(11)] IReadOnlyList<SkippedFile>? Skipped = null);
