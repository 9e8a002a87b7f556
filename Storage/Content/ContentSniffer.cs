namespace IngestionCluster.Storage.Content;

/// <summary>Content type from the bytes themselves (never from a client's claim).</summary>
public static class ContentSniffer
{
    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";
    public const string Mp4 = "video/mp4";
    public const string OctetStream = "application/octet-stream";

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

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
        // ISO base media: a box size, then "ftyp".
        if (head.Length >= 12 && head[4] == (byte)'f' && head[5] == (byte)'t' && head[6] == (byte)'y' && head[7] == (byte)'p')
        {
            return Mp4;
        }
        return OctetStream;
    }

    public static bool IsImage(string contentType) => contentType is Jpeg or Png;

    public static string ExtensionFor(string contentType) => contentType switch
    {
        Jpeg => "jpg",
        Png => "png",
        Mp4 => "mp4",
        _ => "bin",
    };
}
