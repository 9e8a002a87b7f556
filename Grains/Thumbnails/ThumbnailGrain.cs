using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Imaging;
using IngestionCluster.Grains.Hosting;
using IngestionCluster.Grains.Imaging;
using IngestionCluster.Grains.Metadata;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Storage.Content;
using Orleans.Concurrency;

namespace IngestionCluster.Grains.Thumbnails;

/// <summary>
/// Scales stored JPEGs down for the operator UI. A stateless worker: it runs on the calling silo, several
/// activations at once, and keeps nothing (the gateway caches what it returns).
/// </summary>
[StatelessWorker]
public sealed class ThumbnailGrain(MetadataStore metadata, IBlobStore blobs, IngestOptions options) : Grain, IThumbnailGrain
{
    public async Task<Thumbnail?> Render(string imageId, int width)
    {
        IdRules.ValidateClientId(imageId, "image id");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if (await metadata.GetImageAsync(imageId, CancellationToken.None) is not { } image)
        {
            return null;
        }
        if (image.ContentType != ContentSniffer.Jpeg)
        {
            throw new ThumbnailUnsupportedException($"Image '{imageId}' is {image.ContentType}; thumbnails are made of JPEG images only.");
        }
        var limit = Math.Max(options.MaxFrameBytes, options.MaxImageBytes);
        if (image.SizeBytes > limit)
        {
            throw new ThumbnailUnsupportedException($"Image '{imageId}' is {image.SizeBytes} bytes, more than the {limit} bytes thumbnails are made of.");
        }
        var jpeg = await ReadAsync(BlobKey.Parse(image.ObjectKey), limit);
        if (jpeg is null)
        {
            return null;
        }
        try
        {
            var (bytes, thumbnailWidth, thumbnailHeight) = ThumbnailRenderer.Render(jpeg, width);
            return new Thumbnail(bytes, thumbnailWidth, thumbnailHeight, image.Sha256);
        }
        catch (Exception e) when (e is TurboJpegException or ArgumentOutOfRangeException)
        {
            throw new ThumbnailUnsupportedException($"Image '{imageId}' cannot be scaled: {e.Message}");
        }
    }

    private async Task<byte[]?> ReadAsync(BlobKey key, long limit)
    {
        await using var blob = await blobs.OpenReadAsync(key, CancellationToken.None);
        if (blob is null)
        {
            return null;
        }
        if (blob.Length > limit)
        {
            throw new ThumbnailUnsupportedException($"The stored bytes are {blob.Length} bytes, more than the {limit} bytes thumbnails are made of.");
        }
        using var buffer = new MemoryStream((int)blob.Length);
        await blob.Content.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
