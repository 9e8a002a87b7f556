using Orleans;

namespace IngestionCluster.Grains.Abstractions.Imaging;

/// <summary>A stored image scaled down and encoded as JPEG.</summary>
/// <param name="Jpeg">The thumbnail's bytes.</param>
/// <param name="Width">Its width in pixels (the width asked for, or the image's own when that is smaller).</param>
/// <param name="Height">Its height in pixels, keeping the image's aspect ratio.</param>
/// <param name="Sha256">SHA-256 of the stored image it was made from.</param>
[GenerateSerializer, Alias("ic.Thumbnail")]
public sealed record Thumbnail([Id(0), Immutable] byte[] Jpeg, [Id(1)] int Width, [Id(2)] int Height, [Id(3)] string Sha256);
