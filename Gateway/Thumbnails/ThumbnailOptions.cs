using IngestionCluster.Gateway.Options;
using Microsoft.Extensions.Hosting;

namespace IngestionCluster.Gateway.Thumbnails;

/// <summary>Settings of section <c>Thumbnails</c>: the scaled images of <c>GET /api/v1/images/{id}/thumbnail</c>.</summary>
public sealed class ThumbnailOptions : IGatewaySettings
{
    public const string SectionName = "Thumbnails";

    public const int MinWidth = 16;
    public const int MaxWidth = 1024;
    public const int DefaultWidth = 320;

    /// <summary>Bytes of thumbnails each gateway process keeps in memory (least recently used go first); 0 turns the cache off.</summary>
    public long CacheBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>How long browsers may reuse a thumbnail before asking again (with If-None-Match).</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(1);

    public IEnumerable<string> Problems(IHostEnvironment environment)
    {
        if (CacheBytes is < 0 or > 16L * 1024 * 1024 * 1024)
        {
            yield return "Thumbnails__CacheBytes must be between 0 and 17179869184 (16 GiB).";
        }
        if (MaxAge < TimeSpan.Zero || MaxAge > TimeSpan.FromDays(365))
        {
            yield return "Thumbnails__MaxAge must be between 00:00:00 and 365.00:00:00.";
        }
    }
}
