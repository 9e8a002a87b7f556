namespace IngestionCluster.Grains.Imaging;

/// <summary>JPEG marker codes (the byte after 0xFF) and their classes, per ITU-T T.81 table B.1.</summary>
internal static class JpegMarkers
{
    public const byte StartOfImage = 0xD8;
    public const byte EndOfImage = 0xD9;
    public const byte StartOfScan = 0xDA;

    public static ReadOnlySpan<byte> StartOfImageBytes => [0xFF, StartOfImage, 0xFF];

    public static ReadOnlySpan<byte> EndOfImageBytes => [0xFF, EndOfImage];

    /// <summary>TEM and RST0–RST7 carry no length field.</summary>
    public static bool IsStandalone(byte marker) => marker == 0x01 || marker is >= 0xD0 and <= 0xD7;

    /// <summary>SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range.</summary>
    public static bool IsStartOfFrame(byte marker) =>
        marker is >= 0xC0 and <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}
