using IngestionCluster.Gateway.Options;
using Microsoft.Extensions.Hosting;

namespace IngestionCluster.Gateway.Uploads;

/// <summary>Settings of section <c>Ldo</c>: limits of <c>POST /ingest/ldo</c>.</summary>
public sealed class LdoOptions : IGatewaySettings
{
    public const string SectionName = "Ldo";

    /// <summary>Largest video (413 beyond); it is streamed to the blob store, never held in memory.</summary>
    public long MaxVideoSize { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Largest <c>metadata</c> JSON, with its numbers written out in full (413 beyond).</summary>
    public int MaxMetadataBytes { get; set; } = 1024 * 1024;

    internal JsonSizeLimit MetadataLimit() => new(MaxMetadataBytes, "Ldo__MaxMetadataBytes");

    public IEnumerable<string> Problems(IHostEnvironment environment)
    {
        if (MaxVideoSize < 1)
        {
            yield return "Ldo__MaxVideoSize must be at least 1.";
        }
        if (MaxMetadataBytes is < 2 or > 64 * 1024 * 1024)
        {
            yield return "Ldo__MaxMetadataBytes must be between 2 and 67108864.";
        }
    }
}
