using IngestionCluster.Gateway.Options;
using Microsoft.Extensions.Hosting;

namespace IngestionCluster.Gateway.Uploads;

/// <summary>Settings of section <c>Upload</c>: limits of image uploads and pushes, and direct-to-storage uploads.</summary>
public sealed class UploadOptions : IGatewaySettings
{
    public const string SectionName = "Upload";

    /// <summary>Largest file of <c>POST /api/v1/ingest/upload</c> (413 beyond).</summary>
    public long MaxFileSize { get; set; } = 50L * 1024 * 1024;

    /// <summary>Most files in one upload (400 beyond).</summary>
    public int MaxBatchSize { get; set; } = 10;

    /// <summary>Largest <c>meta</c> JSON of an upload or an RTSP capture request, with its numbers written out in full (413 beyond).</summary>
    public int MaxMetaBytes { get; set; } = 64 * 1024;

    /// <summary>Largest frame of <c>POST /api/ingest/push/{camera_id}</c> (413 beyond).</summary>
    public long MaxFrameSize { get; set; } = 10L * 1024 * 1024;

    /// <summary>Largest object a client may declare for a direct upload (<c>POST /api/v1/uploads</c>; 413 beyond). S3 takes at most 5 GiB in one PUT.</summary>
    public long MaxDirectUploadSize { get; set; } = 5L * 1024 * 1024 * 1024;

    /// <summary>How long an upload URL stays valid (at most 7 days, S3's limit).</summary>
    public TimeSpan UploadUrlLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The gateway's public base URL (e.g. <c>https://ingest.example.com</c>) for URLs it hands out: upload URLs it
    /// serves itself (standalone mode's local store) and the <c>storage_url</c> of uploaded frames; empty takes the
    /// scheme and host of the request.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    internal JsonSizeLimit MetaLimit() => new(MaxMetaBytes, "Upload__MaxMetaBytes");

    public IEnumerable<string> Problems(IHostEnvironment environment)
    {
        if (MaxFileSize < 1)
        {
            yield return "Upload__MaxFileSize must be at least 1.";
        }
        if (MaxBatchSize is < 1 or > 1000)
        {
            yield return "Upload__MaxBatchSize must be between 1 and 1000.";
        }
        if (MaxMetaBytes is < 2 or > 16 * 1024 * 1024)
        {
            yield return "Upload__MaxMetaBytes must be between 2 and 16777216.";
        }
        if (MaxFrameSize is < 1024 or > int.MaxValue)
        {
            yield return "Upload__MaxFrameSize must be between 1024 and 2147483647.";
        }
        if (MaxDirectUploadSize < 1)
        {
            yield return "Upload__MaxDirectUploadSize must be at least 1.";
        }
        if (UploadUrlLifetime < TimeSpan.FromMinutes(1) || UploadUrlLifetime > TimeSpan.FromDays(7))
        {
            yield return "Upload__UploadUrlLifetime must be between 00:01:00 and 7.00:00:00.";
        }
        if (!string.IsNullOrWhiteSpace(PublicBaseUrl)
            && (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Query.Length > 0))
        {
            yield return "Upload__PublicBaseUrl must be an absolute http:// or https:// URL without a query.";
        }
    }
}
