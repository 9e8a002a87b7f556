using System.Buffers;
using IngestionCluster.Grains.Imaging;

namespace IngestionCluster.Grains.Motion;

/// <summary>
/// Motion detection for one camera by background subtraction on a small grayscale image:
/// scaled decode (TurboJPEG, about <see cref="MotionSettings.TargetWidth"/> wide) → box blur →
/// absolute difference against a running-average background → threshold → changed-pixel count
/// and bounding box. Motion is reported when the count reaches <see cref="MotionSettings.MinArea"/>
/// after the warm-up.
/// </summary>
/// <remarks>
/// <para>
/// Every pixel, moving or not, updates the background at <see cref="MotionSettings.BackgroundRate"/>:
/// there is no foreground mask to get stuck, and an object that stops (a parked car) or a lasting
/// lighting change fades into the background within a few dozen frames instead of reporting
/// motion forever. The cost is a faint trail behind objects that linger on the same pixels.
/// </para>
/// <para>
/// A change of the source frame size resets the detector, which then recalibrates. Results are
/// deterministic for the same frames. Not thread-safe: one instance per camera, used by one turn
/// at a time. Buffers come from <see cref="ArrayPool{T}"/>; after the first frames no managed
/// allocation happens per frame. Dispose to return the background buffer.
/// </para>
/// </remarks>
public sealed class MotionDetector : IDisposable
{
    private readonly float _backgroundRate;
    private float[]? _background;
    private int _sourceWidth;
    private int _sourceHeight;
    private int _width;
    private int _height;
    private int _framesSinceReset;
    private bool _disposed;

    public MotionDetector(MotionSettings? settings = null)
    {
        Settings = settings ?? MotionSettings.Default;
        Settings.Validate();
        _backgroundRate = (float)Settings.BackgroundRate;
    }

    public MotionSettings Settings { get; }

    /// <summary>
    /// Decodes <paramref name="jpeg"/> at reduced scale and compares it with the background.
    /// A corrupt frame throws and leaves the detector's state as it was.
    /// </summary>
    /// <exception cref="TurboJpegException">The JPEG cannot be decoded.</exception>
    /// <exception cref="InvalidDataException">The JPEG is larger than <see cref="MotionSettings.MaxSourcePixels"/>.</exception>
    /// <exception cref="TurboJpegUnavailableException">libturbojpeg.so.0 is not installed.</exception>
    public MotionResult Process(ReadOnlySpan<byte> jpeg)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var header = TurboJpeg.ReadHeader(jpeg, Settings.AcceptDecodeWarnings);
        if ((long)header.Width * header.Height > Settings.MaxSourcePixels)
        {
            throw new InvalidDataException(
                $"A {header.Width}×{header.Height} JPEG exceeds MotionSettings.MaxSourcePixels ({Settings.MaxSourcePixels}).");
        }
        var scale = JpegScale.ForTargetWidth(header.Width, Settings.TargetWidth);
        int width = scale.Apply(header.Width), height = scale.Apply(header.Height);

        var gray = ArrayPool<byte>.Shared.Rent(width * height);
        try
        {
            var pixels = gray.AsSpan(0, width * height);
            TurboJpeg.DecodeGray(jpeg, pixels, width, height, Settings.AcceptDecodeWarnings);
            return Analyse(pixels, width, height, header.Width, header.Height);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(gray);
        }
    }

    /// <summary>
    /// Compares an already small 8-bit grayscale image (rows packed, no padding) with the background.
    /// </summary>
    public MotionResult ProcessGray(ReadOnlySpan<byte> pixels, int width, int height)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if ((long)width * height > pixels.Length)
        {
            throw new ArgumentException($"{width}×{height} needs {(long)width * height} bytes, got {pixels.Length}.", nameof(pixels));
        }

        return Analyse(pixels[..(width * height)], width, height, width, height);
    }

    /// <summary>Forgets the background; the next frame starts a new warm-up.</summary>
    public void Reset() => _framesSinceReset = 0;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ReturnBackground();
    }

    private MotionResult Analyse(ReadOnlySpan<byte> pixels, int width, int height, int sourceWidth, int sourceHeight)
    {
        if (_background is null || sourceWidth != _sourceWidth || sourceHeight != _sourceHeight
            || width != _width || height != _height)
        {
            Recalibrate(width, height, sourceWidth, sourceHeight);
        }

        var radius = Settings.BlurRadius;
        var sums = ArrayPool<ushort>.Shared.Rent(width * height);
        var paddedRow = ArrayPool<byte>.Shared.Rent(BackgroundSubtraction.PaddedRowLength(width, radius));
        try
        {
            BackgroundSubtraction.SumRows(pixels, sums, width, height, radius, paddedRow);
            return Compare(sums, width, height);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(paddedRow);
            ArrayPool<ushort>.Shared.Return(sums);
        }
    }

    private MotionResult Compare(ReadOnlySpan<ushort> sums, int width, int height)
    {
        var background = _background.AsSpan(0, width * height);
        var calibrating = _framesSinceReset < Settings.WarmupFrames;
        var firstFrame = _framesSinceReset == 0;
        float alpha;
        if (firstFrame)
        {
            // From zero with alpha 1 the background becomes exactly this frame.
            background.Clear();
            alpha = 1;
        }
        else
        {
            // During warm-up the background is the plain mean of the frames so far, which settles
            // much faster than the running average would from a single first frame.
            alpha = calibrating ? Math.Max(_backgroundRate, 1f / (_framesSinceReset + 1)) : _backgroundRate;
        }

        var window = (2 * Settings.BlurRadius) + 1;
        var scale = 1f / (window * window);
        float threshold = Settings.Threshold;
        int area = 0, minX = width, maxX = -1, minY = -1, maxY = -1;
        for (var y = 0; y < height; y++)
        {
            var changed = BackgroundSubtraction.CompareRow(
                sums, width, height, y, Settings.BlurRadius, scale, background.Slice(y * width, width),
                alpha, threshold, out var firstX, out var lastX);
            if (changed > 0)
            {
                area += changed;
                minX = Math.Min(minX, firstX);
                maxX = Math.Max(maxX, lastX);
                if (minY < 0)
                {
                    minY = y;
                }

                maxY = y;
            }
        }

        if (_framesSinceReset < int.MaxValue)
        {
            _framesSinceReset++;
        }

        if (firstFrame || area == 0)
        {
            return new MotionResult(false, 0, calibrating, width, height, MotionBox.Empty);
        }

        var box = new MotionBox(minX, minY, maxX - minX + 1, maxY - minY + 1);
        return new MotionResult(!calibrating && area >= Settings.MinArea, area, calibrating, width, height, box);
    }

    private void Recalibrate(int width, int height, int sourceWidth, int sourceHeight)
    {
        ReturnBackground();
        _background = ArrayPool<float>.Shared.Rent(width * height);
        (_width, _height, _sourceWidth, _sourceHeight) = (width, height, sourceWidth, sourceHeight);
        _framesSinceReset = 0;
    }

    private void ReturnBackground()
    {
        if (_background is not null)
        {
            ArrayPool<float>.Shared.Return(_background);
            _background = null;
        }
    }
}
