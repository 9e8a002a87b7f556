using System.Text.Json;
using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Requests;

namespace IngestionCluster.Grains.Requests;

/// <summary>What an ingest request grain persists, so its status survives a move to another silo.</summary>
public sealed class IngestRequestState
{
    public IngestRequestKind Kind { get; set; }

    public IngestRequestStatus Status { get; set; }

    public string CameraId { get; set; } = string.Empty;

    public JsonElement? Meta { get; set; }

    /// <summary>The capture to run (RTSP requests only).</summary>
    public RtspCaptureSpec? Capture { get; set; }

    /// <summary>Incremented each time processing (re)starts, so a resumed capture writes new image ids.</summary>
    public int Attempt { get; set; }

    public List<IngestedFile> Files { get; set; } = [];

    /// <summary>An upload's files that were not stored, with why.</summary>
    public List<SkippedFile> Skipped { get; set; } = [];

    /// <summary>What the RTSP source sent, as probed during the capture.</summary>
    public VideoStreamInfo? Stream { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
}
