using IngestionCluster.Tests.Grains;

namespace IngestionCluster.Tests.Gateway.Support;

/// <summary>Bodies for the API tests.</summary>
internal static class Samples
{
    /// <summary>A 1×1 PNG.</summary>
    public static byte[] Png { get; } = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    /// <summary>An ffmpeg-made 640×480 JPEG.</summary>
    public static byte[] Jpeg => SharedJpegs.Samples.VgaTestCard;

    /// <summary>A small "video": an MP4 file type box followed by filler.</summary>
    public static byte[] Video(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        byte[] box = [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m'];
        box.CopyTo(bytes, 0);
        return bytes;
    }

    /// <summary>Ids that must never reach a key or path: traversal, NUL, 10 KB, a Cyrillic lookalike, a space, a fullwidth slash.</summary>
    public static TheoryData<string> HostileIds => new()
    {
        "../../etc/passwd",
        "cam\u00001",
        new string('a', 10 * 1024),
        "c\u0430m-1",
        "cam 1",
        "cam\uFF0F1",
        ".hidden",
    };
}
