using IngestionCluster.Gateway.Options;
using Microsoft.Extensions.Hosting;

namespace IngestionCluster.Gateway.Hosting;

/// <summary>Settings of section <c>RateLimit</c>: a fixed window per user (JWT <c>sub</c>), or per client IP without a token.</summary>
public sealed class RateLimitOptions : IGatewaySettings
{
    public const string SectionName = "RateLimit";

    public bool Enabled { get; set; } = true;

    /// <summary>Requests one user (or IP) may make per window; more get 429 with Retry-After.</summary>
    public int PermitLimit { get; set; } = 600;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Image reads (buffered frames, thumbnails) one user may make per window, counted apart from the rest: a
    /// camera wall refreshes every visible tile up to twice a second.
    /// </summary>
    public int MediaPermitLimit { get; set; } = 12_000;

    /// <summary>
    /// Frames one user (or IP) may push to one camera per window, counted apart from the rest: a fleet of
    /// cameras often shares one token, and a camera may push up to 60 frames a second.
    /// </summary>
    public int FramePermitLimit { get; set; } = 3_600;

    public IEnumerable<string> Problems(IHostEnvironment environment)
    {
        if (PermitLimit < 1)
        {
            yield return "RateLimit__PermitLimit must be at least 1.";
        }
        if (MediaPermitLimit < 1)
        {
            yield return "RateLimit__MediaPermitLimit must be at least 1.";
        }
        if (FramePermitLimit < 1)
        {
            yield return "RateLimit__FramePermitLimit must be at least 1.";
        }
        if (Window < TimeSpan.FromSeconds(1) || Window > TimeSpan.FromHours(1))
        {
            yield return "RateLimit__Window must be between 00:00:01 and 01:00:00.";
        }
    }
}
