namespace IngestionCluster.Tests.Gateway.Support;

/// <summary>Small images in the formats uploads take besides JPEG and PNG, built byte by byte.</summary>
internal static class OtherImages
{
    /// <summary>1×1, 24 bits: the 14-byte file header, the 40-byte info header, one blue pixel and its row padding.</summary>
    public static byte[] Bmp { get; } =
    [
        .. "BM"u8, 58, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0,
        40, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 24, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0x13, 0x0B, 0, 0, 0x13, 0x0B, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0xFF, 0, 0, 0,
    ];

    /// <summary>A little-endian TIFF header whose first directory (at offset 8) has no entries.</summary>
    public static byte[] Tiff { get; } = [.. "II*\0"u8, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>1×1 GIF89a, one white pixel.</summary>
    public static byte[] Gif { get; } =
    [
        .. "GIF89a"u8, 1, 0, 1, 0, 0x80, 0, 0, 0xFF, 0xFF, 0xFF, 0, 0, 0,
        0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B,
    ];

    /// <summary>A RIFF/WEBP container holding one (empty) lossless chunk.</summary>
    public static byte[] Webp { get; } = [.. "RIFF"u8, 20, 0, 0, 0, .. "WEBPVP8L"u8, 8, 0, 0, 0, 0x2F, 0, 0, 0, 0, 0, 0, 0];
}
