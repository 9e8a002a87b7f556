using System.Runtime.InteropServices;

namespace IngestionCluster.Grains.Imaging;

/// <summary>
/// JPEG header reading and (scaled) grayscale decoding through libjpeg-turbo's TurboJPEG API.
/// Thread-safe: every thread gets its own decompressor handle, created on first use, because a
/// TurboJPEG handle must not be used by two threads at once.
/// </summary>
public static unsafe class TurboJpeg
{
    /// <summary>The shared library loaded at run time.</summary>
    public const string LibraryName = TurboJpegNative.LibraryName;

    /// <summary>The Debian package that ships <see cref="LibraryName"/>.</summary>
    public const string DebianPackage = "libturbojpeg0";

    /// <summary>The Ubuntu package that ships <see cref="LibraryName"/> (the base of .NET 10's container images).</summary>
    public const string UbuntuPackage = "libturbojpeg";

    // The JWRN_* messages of libjpeg's jerror.h (libjpeg-turbo adds only "Corrupt JPEG data: bad ICC marker").
    private static readonly string[] _warningPrefixes =
    [
        "Corrupt JPEG data", "Premature end of JPEG file", "Unknown Adobe color transform code",
        "Inconsistent progression sequence", "Warning: unknown JFIF revision number",
        "Invalid SOS parameters for sequential JPEG", "Application transferred too many scanlines",
    ];

    [ThreadStatic]
    private static TurboJpegHandle? _threadDecompressor;

    /// <summary>Whether the native library can be loaded and has the TurboJPEG 2.x entry points.</summary>
    public static bool IsAvailable => Probe(LibraryName) is null;

    /// <summary>
    /// Throws <see cref="TurboJpegUnavailableException"/> (naming the Debian package) when the native
    /// library is missing; call at start-up to fail fast instead of on the first frame.
    /// </summary>
    public static void EnsureAvailable()
    {
        if (Probe(LibraryName) is { } error)
        {
            throw error;
        }
    }

    /// <summary>Reads the full-size dimensions from the JPEG headers without decoding pixels.</summary>
    /// <param name="allowWarnings">Accept headers libjpeg read with a warning (e.g. extraneous bytes).</param>
    /// <exception cref="TurboJpegException">The headers are missing or corrupt.</exception>
    /// <exception cref="TurboJpegUnavailableException">libturbojpeg.so.0 is not installed.</exception>
    public static JpegHeader ReadHeader(ReadOnlySpan<byte> jpeg, bool allowWarnings = false)
    {
        if (jpeg.IsEmpty)
        {
            throw new TurboJpegException("TurboJPEG could not read the JPEG header: the buffer is empty");
        }

        var handle = Decompressor();
        int width = 0, height = 0, subsampling, colorspace;
        int result;
        fixed (byte* source = jpeg)
        {
            result = TurboJpegNative.DecompressHeader3(
                handle, source, new CULong((nuint)jpeg.Length), &width, &height, &subsampling, &colorspace);
        }

        if (result != 0)
        {
            var failure = Failure(handle);
            if (!(allowWarnings && failure.IsWarning && width > 0 && height > 0))
            {
                throw Fail(failure, "read the JPEG header");
            }
        }

        if (width <= 0 || height <= 0)
        {
            // A "tables-only" stream (what the fake EOI libjpeg inserts at the end of data can turn
            // garbage into) succeeds without an image, and its tables stay loaded in the handle.
            DiscardDecompressor();
            throw new TurboJpegException("TurboJPEG could not read the JPEG header (error): the data holds no image");
        }

        return new JpegHeader(width, height);
    }

    /// <summary>
    /// Decodes <paramref name="jpeg"/> to 8-bit grayscale, <paramref name="width"/> × <paramref name="height"/>
    /// pixels, rows packed without padding. Pass a size computed with <see cref="JpegScale.Apply"/>
    /// to decode at that DCT scaling factor, which is much cheaper than full size.
    /// </summary>
    /// <param name="allowWarnings">
    /// Accept images libjpeg could only decode with a warning (truncated or corrupt entropy data,
    /// extraneous bytes). When false such images throw <see cref="TurboJpegException"/> with
    /// <see cref="TurboJpegException.IsWarning"/> set.
    /// </param>
    /// <exception cref="TurboJpegException">The JPEG is corrupt or cannot be scaled to the size asked for.</exception>
    /// <exception cref="TurboJpegUnavailableException">libturbojpeg.so.0 is not installed.</exception>
    public static void DecodeGray(
        ReadOnlySpan<byte> jpeg, Span<byte> destination, int width, int height, bool allowWarnings = false) =>
        Decode(jpeg, destination, width, height, TurboJpegNative.PixelFormatGray, 1, TurboJpegNative.FlagFastDct, allowWarnings);

    /// <summary>
    /// Decodes <paramref name="jpeg"/> to 8-bit RGB (3 bytes per pixel), <paramref name="width"/> × <paramref name="height"/>
    /// pixels, rows packed without padding; as with <see cref="DecodeGray"/>, a size from <see cref="JpegScale.Apply"/>
    /// decodes at that DCT scaling factor.
    /// </summary>
    /// <exception cref="TurboJpegException">The JPEG is corrupt or cannot be scaled to the size asked for.</exception>
    /// <exception cref="TurboJpegUnavailableException">libturbojpeg.so.0 is not installed.</exception>
    public static void DecodeRgb(ReadOnlySpan<byte> jpeg, Span<byte> destination, int width, int height, bool allowWarnings = false) =>
        Decode(jpeg, destination, width, height, TurboJpegNative.PixelFormatRgb, 3, 0, allowWarnings);

    private static void Decode(
        ReadOnlySpan<byte> jpeg, Span<byte> destination, int width, int height, int pixelFormat, int bytesPerPixel, int flags, bool allowWarnings)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var needed = (long)width * height * bytesPerPixel;
        if (needed > destination.Length)
        {
            throw new ArgumentException(
                $"The destination holds {destination.Length} bytes, {width}×{height} at {bytesPerPixel} bytes per pixel needs {needed}.",
                nameof(destination));
        }

        if (jpeg.IsEmpty)
        {
            throw new TurboJpegException("TurboJPEG could not decode the JPEG: the buffer is empty");
        }

        var handle = Decompressor();
        int result;
        fixed (byte* source = jpeg)
        fixed (byte* target = destination)
        {
            // The destination length was checked above; TurboJPEG never writes more than
            // pitch × height bytes, whatever the JPEG says.
            result = TurboJpegNative.Decompress2(
                handle, source, new CULong((nuint)jpeg.Length), target, width, width * bytesPerPixel, height, pixelFormat, flags);
        }

        if (result != 0)
        {
            var failure = Failure(handle);
            if (!(allowWarnings && failure.IsWarning))
            {
                throw Fail(failure, "decode the JPEG");
            }
        }
    }

    /// <summary>Null when <paramref name="libraryName"/> loads and exports the API used here.</summary>
    internal static TurboJpegUnavailableException? Probe(string libraryName)
    {
        if (!NativeLibrary.TryLoad(libraryName, typeof(TurboJpeg).Assembly, null, out var library))
        {
            return new TurboJpegUnavailableException(libraryName);
        }

        try
        {
            return NativeLibrary.TryGetExport(library, "tjGetErrorCode", out _)
                ? null
                : new TurboJpegUnavailableException(libraryName + " (TurboJPEG 2.0 or newer needed)");
        }
        finally
        {
            NativeLibrary.Free(library);
        }
    }

    private static nint Decompressor()
    {
        var decompressor = _threadDecompressor ??= CreateDecompressor();
        return decompressor.DangerousGetHandle();
    }

    private static TurboJpegHandle CreateDecompressor()
    {
        nint handle;
        try
        {
            handle = TurboJpegNative.InitDecompress();
        }
        catch (DllNotFoundException e)
        {
            throw new TurboJpegUnavailableException(LibraryName, e);
        }
        catch (EntryPointNotFoundException e)
        {
            throw new TurboJpegUnavailableException(LibraryName + " (TurboJPEG 2.0 or newer needed)", e);
        }

        if (handle == 0)
        {
            throw new TurboJpegException($"tjInitDecompress failed: {ErrorText(0)}");
        }

        return new TurboJpegHandle(handle);
    }

    /// <summary>Builds the exception for a failed call, then replaces this thread's handle.</summary>
    private static TurboJpegException Fail((bool IsWarning, string Text) failure, string action)
    {
        var kind = failure.IsWarning ? "warning" : "error";
        var error = new TurboJpegException($"TurboJPEG could not {action} ({kind}): {failure.Text}", failure.IsWarning);
        // TurboJPEG 2.1's tjDecompressHeader3 returns from an error without aborting the
        // decompressor, and the stale parser state then misreads the next, valid JPEG
        // ("Bogus Huffman table definition", wrong sizes). A fresh handle is cheap; errors are rare.
        DiscardDecompressor();
        return error;
    }

    private static void DiscardDecompressor()
    {
        _threadDecompressor?.Dispose();
        _threadDecompressor = null;
    }

    /// <summary>
    /// Whether the failed call met only warnings. tjGetErrorCode says TJERR_WARNING whenever a
    /// warning was emitted, even if a fatal error followed; but every fatal error overwrites the
    /// error text, so the call was warning-only when that text is one of libjpeg's warnings.
    /// </summary>
    /// <remarks>Reads the error text once: tjGetErrorStr2 clears an instance error as it returns it.</remarks>
    private static (bool IsWarning, string Text) Failure(nint handle)
    {
        var warned = TurboJpegNative.GetErrorCode(handle) == TurboJpegNative.ErrorCodeWarning;
        var text = ErrorText(handle);
        foreach (var prefix in _warningPrefixes)
        {
            if (warned && text.StartsWith(prefix, StringComparison.Ordinal))
            {
                return (true, text);
            }
        }

        return (false, text);
    }

    internal static string ErrorText(nint handle)
    {
        var text = TurboJpegNative.GetErrorStr2(handle);
        return text is null ? "unknown error" : Marshal.PtrToStringUTF8((nint)text) ?? "unknown error";
    }
}
