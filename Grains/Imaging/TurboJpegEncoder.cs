using System.Runtime.InteropServices;

namespace IngestionCluster.Grains.Imaging;

/// <summary>
/// RGB to JPEG through TurboJPEG's <c>tjCompress2</c> (4:2:0, as cameras send). Thread-safe in the same way as
/// <see cref="TurboJpeg"/>: every thread gets its own compressor handle.
/// </summary>
public static unsafe class TurboJpegEncoder
{
    [ThreadStatic]
    private static TurboJpegHandle? _threadCompressor;

    /// <param name="rgb">Packed RGB rows, 3 bytes per pixel, <paramref name="width"/> × <paramref name="height"/>.</param>
    /// <param name="quality">JPEG quality, 1 (smallest) to 100 (best).</param>
    /// <exception cref="TurboJpegException">TurboJPEG refused the input.</exception>
    /// <exception cref="TurboJpegUnavailableException">libturbojpeg.so.0 is not installed.</exception>
    public static byte[] EncodeRgb(ReadOnlySpan<byte> rgb, int width, int height, int quality)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        if ((long)width * height * 3 > rgb.Length)
        {
            throw new ArgumentException($"{width}×{height} RGB needs {(long)width * height * 3} bytes, the source holds {rgb.Length}.", nameof(rgb));
        }

        var handle = Compressor();
        byte* output = null;
        var size = new CULong(0);
        try
        {
            int result;
            fixed (byte* source = rgb)
            {
                result = TurboJpegNative.Compress2(handle, source, width, width * 3, height, TurboJpegNative.PixelFormatRgb,
                    &output, &size, TurboJpegNative.Subsampling420, quality, 0);
            }
            if (result != 0)
            {
                var error = new TurboJpegException($"TurboJPEG could not encode the JPEG: {TurboJpeg.ErrorText(handle)}");
                _threadCompressor?.Dispose();
                _threadCompressor = null;
                throw error;
            }
            return new ReadOnlySpan<byte>(output, checked((int)size.Value)).ToArray();
        }
        finally
        {
            if (output is not null)
            {
                TurboJpegNative.Free(output);
            }
        }
    }

    private static nint Compressor()
    {
        var compressor = _threadCompressor ??= CreateCompressor();
        return compressor.DangerousGetHandle();
    }

    private static TurboJpegHandle CreateCompressor()
    {
        nint handle;
        try
        {
            handle = TurboJpegNative.InitCompress();
        }
        catch (DllNotFoundException e)
        {
            throw new TurboJpegUnavailableException(TurboJpeg.LibraryName, e);
        }
        if (handle == 0)
        {
            throw new TurboJpegException($"tjInitCompress failed: {TurboJpeg.ErrorText(0)}");
        }
        return new TurboJpegHandle(handle);
    }
}
