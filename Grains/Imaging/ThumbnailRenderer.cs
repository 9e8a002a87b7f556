namespace IngestionCluster.Grains.Imaging;

/// <summary>
/// Makes a JPEG thumbnail: TurboJPEG decodes at the smallest DCT scale that is still at least as wide as asked,
/// <see cref="RgbResampler"/> takes it to the exact width, TurboJPEG encodes the result.
/// </summary>
public static class ThumbnailRenderer
{
    /// <summary>JPEG quality of thumbnails: small files, no visible blocking at thumbnail sizes.</summary>
    public const int Quality = 80;

    /// <summary>Images with more pixels than this are refused rather than decoded (a decompression bomb costs memory even scaled).</summary>
    public const long MaxSourcePixels = 100_000_000;

    /// <summary>The thumbnail's JPEG and size; never wider than the source.</summary>
    /// <exception cref="TurboJpegException">The JPEG is corrupt.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The image has more than <see cref="MaxSourcePixels"/> pixels.</exception>
    public static (byte[] Jpeg, int Width, int Height) Render(ReadOnlySpan<byte> jpeg, int maxWidth)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxWidth);
        var header = TurboJpeg.ReadHeader(jpeg, allowWarnings: true);
        if ((long)header.Width * header.Height > MaxSourcePixels)
        {
            throw new ArgumentOutOfRangeException(nameof(jpeg), $"The image has {header.Width}×{header.Height} pixels, more than {MaxSourcePixels} allowed.");
        }
        var targetWidth = Math.Min(maxWidth, header.Width);
        var targetHeight = Math.Max(1, (int)Math.Round((double)header.Height * targetWidth / header.Width));
        var scale = JpegScale.ForTargetWidth(header.Width, targetWidth);
        var decodedWidth = scale.Apply(header.Width);
        var decodedHeight = scale.Apply(header.Height);
        var pixels = new byte[decodedWidth * decodedHeight * 3];
        TurboJpeg.DecodeRgb(jpeg, pixels, decodedWidth, decodedHeight, allowWarnings: true);
        // The DCT scale is at least targetWidth / width, so the decoded height is never below the target height.
        var rgb = RgbResampler.Shrink(pixels, decodedWidth, decodedHeight, targetWidth, targetHeight);
        return (TurboJpegEncoder.EncodeRgb(rgb, targetWidth, targetHeight, Quality), targetWidth, targetHeight);
    }
}
