using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Imaging;
using IngestionCluster.Grains.Imaging;
using IngestionCluster.Grains.Metadata;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Storage.Content;
using Orleans.Concurrency;

namespace IngestionCluster.Grains.Thumbnails;

/// <summary>
/// Scales stored JPEGs down for the operator UI, whatever their size in bytes: what was stored was within the limit of
/// the way it came in (push, MQTT, upload). A stateless worker: it runs on the calling silo, at most one activation
/// per core, each rendering one image at a time, and keeps nothing (the gateway caches what it returns).
/// </summary>
[StatelessWorker]
public sealed class ThumbnailGrain(MetadataStore metadata, IBlobStore blobs) : Grain, IThumbnailGrain
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
        // No byte limit of its own: the upload limit is the gateways' setting, unknown here. Memory stays bounded by the
        // activations (one render each, one per core) holding the bytes once; decoding is bounded by the pixel limit.
        var jpeg = await ReadAsync(BlobKey.Parse(image.ObjectKey));
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

    private async Task<byte[]?> ReadAsync(BlobKey key)
    {
        await using var blob = await blobs.OpenReadAsync(key, CancellationToken.None);
        if (blob is null)
        {
            return null;
        }
        if (blob.Length > Array.MaxLength)
        {
            throw new ThumbnailUnsupportedException($"The stored bytes are {blob.Length} bytes, more than the {Array.MaxLength} bytes one image can be read into.");
        }
        var bytes = new byte[blob.Length];
        await blob.Content.ReadExactlyAsync(bytes);
        return bytes;
    }
}
