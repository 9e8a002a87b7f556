namespace IngestionCluster.Tests.Imaging;

/// <summary>
/// JPEGs encoded by the real ffmpeg (MJPEG, yuvj420p, as cameras and our RTSP capture produce them),
/// generated on first use into a temporary folder that is deleted with the fixture.
/// </summary>
public sealed class JpegSamples : IDisposable
{
    /// <summary>
    /// Frames of <see cref="MovingBlock"/> before the block appears, give or take one: ffmpeg 5.1's
    /// overlay counts its <c>n</c> from 1 here, so the tests find the first moving frame themselves.
    /// </summary>
    public const int StillFramesBeforeBlock = 10;

    /// <summary>Side of the moving block and its step per frame, in full-size pixels (20 at 1/8).</summary>
    public const int BlockSize = 160;

    /// <summary>Top edge of the block in full-size pixels (row 35 at 1/8).</summary>
    public const int BlockTop = 280;

    private const string MjpegOutput = "-c:v mjpeg -q:v {0} -pix_fmt yuvj420p";

    private readonly string _directory = Directory.CreateTempSubdirectory("ingestion-jpeg-").FullName;
    private readonly Lazy<byte[]> _testCard;
    private readonly Lazy<byte[]> _vgaTestCard;
    private readonly Lazy<byte[]> _white;
    private readonly Lazy<byte[]> _whiteOddSize;
    private readonly Lazy<IReadOnlyList<byte[]>> _staticScene;
    private readonly Lazy<IReadOnlyList<byte[]>> _movingBlock;
    private readonly Lazy<(IReadOnlyList<byte[]> Frames, string StreamPath)> _pipe;
    private readonly Lazy<IReadOnlyList<byte[]>> _sharedTop;

    public JpegSamples()
    {
        _testCard = new(() => Single("testcard", "testsrc2=s=1280x720", quality: 3));
        _vgaTestCard = new(() => Single("vga", "testsrc2=s=640x480", quality: 5));
        _white = new(() => Single("white", "color=c=white:s=1280x720", quality: 5));
        _whiteOddSize = new(() => Single("white-odd", "color=c=white:s=1002x562", quality: 5));
        _staticScene = new(() => Sequence(
            "static",
            "testsrc2=s=1280x720:r=25,trim=end_frame=1,loop=loop=-1:size=1:start=0,noise=alls=8:allf=t",
            frames: 20));
        _movingBlock = new(() => Sequence(
            "moving",
            $"color=c=black:s=1280x720:r=25[scene];color=c=white:s={BlockSize}x{BlockSize}:r=25[block];" +
            $"[scene][block]overlay=x='if(gte(n,{StillFramesBeforeBlock}),mod(n*{BlockSize},{7 * BlockSize}),-2000)'" +
            $":y={BlockTop}:shortest=1,noise=alls=4:allf=t[out0]",
            frames: StillFramesBeforeBlock + 14));
        _pipe = new(GeneratePipe);
        _sharedTop = new(() => Sequence(
            "shared-top",
            "color=c=gray:s=320x240:r=25[scene];color=c=white:s=40x40:r=25[block];[scene][block]overlay=x='mod(n*40,280)':y=196:shortest=1",
            frames: 3,
            ["-huffman", "default"]));
    }

    /// <summary>testsrc2 at 1280×720, about 57 KB.</summary>
    public byte[] TestCard => _testCard.Value;

    /// <summary>testsrc2 at 640×480.</summary>
    public byte[] VgaTestCard => _vgaTestCard.Value;

    /// <summary>A white 1280×720 frame.</summary>
    public byte[] White => _white.Value;

    /// <summary>A white 1002×562 frame: sizes that do not divide by 8 exercise the rounding up.</summary>
    public byte[] WhiteOddSize => _whiteOddSize.Value;

    /// <summary>20 frames of one frozen testsrc2 image with temporal sensor-like noise.</summary>
    public IReadOnlyList<byte[]> StaticScene => _staticScene.Value;

    /// <summary>
    /// Black noisy 1280×720 scene; from about frame <see cref="StillFramesBeforeBlock"/> a white
    /// <see cref="BlockSize"/>² block at y = <see cref="BlockTop"/> jumps right by its own size every
    /// frame (x = n·160 mod 1120, so it never overlaps where it was the frame before).
    /// </summary>
    public IReadOnlyList<byte[]> MovingBlock => _movingBlock.Value;

    /// <summary>
    /// Three 320×240 gray frames with a white block moving along the bottom, encoded with fixed Huffman tables
    /// as camera encoders do: their first four fifths are byte for byte the same.
    /// </summary>
    public IReadOnlyList<byte[]> SharedTop => _sharedTop.Value;

    /// <summary>The same 12 frames, as single files and as one ffmpeg image2pipe stream.</summary>
    public (IReadOnlyList<byte[]> Frames, string StreamPath) Pipe => _pipe.Value;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private byte[] Single(string name, string source, int quality)
    {
        Ffmpeg.Run(_directory, ["-f", "lavfi", "-i", source, "-frames:v", "1", .. Mjpeg(quality), $"{name}.jpg"]);
        return File.ReadAllBytes(Path.Combine(_directory, $"{name}.jpg"));
    }

    private IReadOnlyList<byte[]> Sequence(string name, string source, int frames, string[]? encoderOptions = null)
    {
        Ffmpeg.Run(_directory, ["-f", "lavfi", "-i", source, "-frames:v", $"{frames}", .. Mjpeg(5), .. encoderOptions ?? [], $"{name}-%03d.jpg"]);
        return ReadFrames(name, frames);
    }

    private (IReadOnlyList<byte[]>, string) GeneratePipe()
    {
        // One encoder setting, two muxers: the pipe is byte for byte the files concatenated.
        Ffmpeg.Run(_directory,
        [
            "-f", "lavfi", "-i", "testsrc2=s=640x360:r=25",
            "-frames:v", "12", .. Mjpeg(5), "-f", "image2", "pipe-%03d.jpg",
            "-frames:v", "12", .. Mjpeg(5), "-f", "image2pipe", "pipe.mjpeg",
        ]);
        return (ReadFrames("pipe", 12), Path.Combine(_directory, "pipe.mjpeg"));
    }

    private IReadOnlyList<byte[]> ReadFrames(string name, int frames) =>
        Enumerable.Range(1, frames)
            .Select(i => File.ReadAllBytes(Path.Combine(_directory, $"{name}-{i:D3}.jpg")))
            .ToArray();

    private static string[] Mjpeg(int quality) => string.Format(MjpegOutput, quality).Split(' ');
}
