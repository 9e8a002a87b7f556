namespace IngestionCluster.Grains.Imaging;

/// <summary>
/// TurboJPEG could not read or decode a JPEG (corrupt, truncated or unsupported data).
/// The decompressor stays usable; only the offending frame is lost.
/// </summary>
public sealed class TurboJpegException : Exception
{
    public TurboJpegException(string message, bool isWarning = false)
        : base(message) => IsWarning = isWarning;

    /// <summary>
    /// True when libjpeg reported a recoverable problem (e.g. premature end of data): the image
    /// was decoded, but parts of it may be grey or smeared.
    /// </summary>
    public bool IsWarning { get; }
}
