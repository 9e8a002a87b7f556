using IngestionCluster.Tests.Imaging;

namespace IngestionCluster.Tests.Ui.Support;

/// <summary>JPEG frames for the UI tests, made once per run by the real ffmpeg: plain black and white (motion), and test cards of two sizes.</summary>
public static class UiFrames
{
    private static readonly Lazy<string> _directory = new(() =>
    {
        var directory = Directory.CreateTempSubdirectory("ic-ui-frames-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(directory, recursive: true);
        return directory;
    });

    private static readonly Lazy<byte[]> _black = new(() => Make("black", "color=c=black:s=640x360"));
    private static readonly Lazy<byte[]> _white = new(() => Make("white", "color=c=white:s=640x360"));
    private static readonly Lazy<byte[]> _card = new(() => Make("card", "testsrc2=s=640x360"));
    private static readonly Lazy<byte[]> _smallCard = new(() => Make("small-card", "testsrc2=s=320x180"));
    private static readonly Lazy<IReadOnlyList<byte[]>> _scenes = new(() =>
        [.. Enumerable.Range(0, 8).Select(i => Make($"scene-{i}", $"testsrc2=s=640x360,hue=h={i * 45}"))]);

    /// <summary>640×360, black.</summary>
    public static byte[] Black => _black.Value;

    /// <summary>640×360, white: after <see cref="Black"/>, every pixel changed.</summary>
    public static byte[] White => _white.Value;

    /// <summary>640×360 test card.</summary>
    public static byte[] Card => _card.Value;

    /// <summary>320×180 test card: a tile showing it has an image 320 pixels wide.</summary>
    public static byte[] SmallCard => _smallCard.Value;

    /// <summary>Eight 640×360 test cards of different hues, for a wall that looks like one.</summary>
    public static IReadOnlyList<byte[]> Scenes => _scenes.Value;

    private static byte[] Make(string name, string source)
    {
        Ffmpeg.Run(_directory.Value, ["-f", "lavfi", "-i", source, "-frames:v", "1", "-c:v", "mjpeg", "-q:v", "5", "-pix_fmt", "yuvj420p", $"{name}.jpg"]);
        return File.ReadAllBytes(Path.Combine(_directory.Value, $"{name}.jpg"));
    }
}
