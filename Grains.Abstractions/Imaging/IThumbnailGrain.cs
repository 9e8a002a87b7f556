using Orleans;

namespace IngestionCluster.Grains.Abstractions.Imaging;

/// <summary>Scales stored images down on the silo that holds the blob store's client (a stateless worker; key <see cref="Ids.GrainKeys.Thumbnails"/>).</summary>
[Alias("ic.IThumbnailGrain")]
public interface IThumbnailGrain : IGrainWithStringKey
{
    /// <summary>
    /// The image scaled to <paramref name="width"/> pixels wide (never enlarged), or null when the image or its
    /// bytes do not exist.
    /// </summary>
    /// <exception cref="ThumbnailUnsupportedException">The image is not a JPEG this service can scale.</exception>
    [Alias("Render")]
    Task<Thumbnail?> Render(string imageId, int width);
}
