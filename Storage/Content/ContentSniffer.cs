namespace IngestionCluster.Storage.Content;

/// <summary>Content type from the bytes themselves (never from a client's claim).</summary>
public static class ContentSniffer
{
    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";
    public const string Bmp = "image/bmp";
    public const string Tiff = "image/tiff";
    public const string Gif = "image/gif";
    public const string Webp = "image/webp";
    public const string Mp4 = "video/mp4";

    /// <summary>How many leading bytes <see cref="Sniff"/> needs to tell every type it knows.</summary>
    public const int HeadBytes = 18;
    public const string OctetStream = "application/octet-stream";

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> TiffLittleEndian => "II*\0"u8;
    private static ReadOnlySpan<byte> TiffBigEndian => "MM\0*"u8;

    public static string Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        {
            return Jpeg;
        }
        if (head.StartsWith(PngSignature))
        {
            return Png;
        }
        if (IsBmp(head))
        {
            return Bmp;
        }
        if (head.StartsWith(TiffLittleEndian) || head.StartsWith(TiffBigEndian))
        {
            return Tiff;
        }
        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return Gif;
        }
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return Webp;
        }
        // ISO base media: a box size, then "ftyp".
        if (head.Length >= 12 && head[4] == (byte)'f' && head[5] == (byte)'t' && head[6] == (byte)'y' && head[7] == (byte)'p')
        {
            return Mp4;
        }
        return OctetStream;
    }

    public static bool IsImage(string contentType) => contentType is Jpeg or Png;

    /// <summary>The images an upload may hold: JPEG and PNG, and the BMP, TIFF, GIF and WebP the TrackShift seed took too.</summary>
    public static IReadOnlySet<string> UploadImages { get; } = new HashSet<string> { Jpeg, Png, Bmp, Tiff, Gif, Webp };

    /// <summary>"BM" alone is too common a start: the header size that follows the 14-byte file header must be a DIB header's.</summary>
    private static bool IsBmp(ReadOnlySpan<byte> head) =>
        head.Length >= 18 && head[0] == (byte)'B' && head[1] == (byte)'M'
        && System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(head[14..18]) is 12 or 16 or 40 or 52 or 56 or 64 or 108 or 124;

    public static string ExtensionFor(string contentType) => contentType switch
    {
        Jpeg => "jpg",
        Png => "png",
        Bmp => "bmp",
        Tiff => "tiff",
        Gif => "gif",
        Webp => "webp",
        Mp4 => "mp4",
        _ => "bin",
    };
}
