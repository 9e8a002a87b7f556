using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Requests;
using IngestionCluster.Storage.Content;

namespace IngestionCluster.Gateway.Contracts;

/// <summary>
/// An upload or capture request as <c>POST /api/v1/ingest/upload</c> and <c>GET /api/v1/ingest/status/{id}</c> answer
/// it: this product's fields, and beside them the TrackShift seed's <c>source_type</c>, <c>message</c> and <c>frames</c>.
/// </summary>
public sealed record IngestRequestResponse(
    string RequestId,
    IngestRequestKind Kind,
    IngestRequestStatus Status,
    string CameraId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<IngestedFile> Files,
    string? Error,
    VideoStreamInfo? Stream,
    IReadOnlyList<SkippedFile>? Skipped,
    string SourceType,
    string Message,
    IReadOnlyList<IngestedFrameResponse> Frames)
{
    /// <param name="info">The request.</param>
    /// <param name="baseUrl">The API's root URL as the client reached it (for <c>storage_url</c>).</param>
    public static IngestRequestResponse From(IngestRequestInfo info, string baseUrl)
    {
        var kind = info.Kind == IngestRequestKind.Upload ? "upload" : "rtsp";
        var timestamp = info.CompletedAt ?? info.UpdatedAt;
        var frames = info.Files.Select(file => new IngestedFrameResponse(
            file.ImageId, file.ObjectKey, $"{baseUrl}/api/v1/images/{file.ImageId}/content", timestamp, info.Stream?.Width, info.Stream?.Height,
            file.SizeBytes, ContentSniffer.ExtensionFor(file.ContentType))).ToList();
        return new IngestRequestResponse(info.RequestId, info.Kind, info.Status, info.CameraId, info.CreatedAt, info.UpdatedAt, info.StartedAt,
            info.CompletedAt, info.Files, info.Error, info.Stream, info.Skipped, kind, MessageOf(info), frames);
    }

    private static string MessageOf(IngestRequestInfo info) => info.Status switch
    {
        IngestRequestStatus.Completed when info.Skipped is { Count: > 0 } skipped =>
            $"Successfully ingested {info.Files.Count} frame(s); skipped {skipped.Count} file(s): {string.Join(" ", skipped.Select(s => s.Reason))}",
        IngestRequestStatus.Completed => $"Successfully ingested {info.Files.Count} frame(s)",
        IngestRequestStatus.Failed => info.Error ?? "The request failed.",
        IngestRequestStatus.Processing => "Processing",
        _ => "Accepted",
    };
}
