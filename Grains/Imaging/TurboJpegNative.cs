using System.Runtime.InteropServices;

namespace IngestionCluster.Grains.Imaging;

/// <summary>
/// P/Invoke declarations for the classic TurboJPEG 2.1 API exported by <c>libturbojpeg.so.0</c>
/// (Debian package <c>libturbojpeg0</c>). Raw and unchecked: use <see cref="TurboJpeg"/>.
/// </summary>
internal static unsafe partial class TurboJpegNative
{
    public const string LibraryName = "libturbojpeg.so.0";

    /// <summary><c>TJPF_RGB</c>: three bytes per pixel, red first.</summary>
    public const int PixelFormatRgb = 0;

    /// <summary><c>TJSAMP_420</c>: chrominance at half width and half height, what cameras send.</summary>
    public const int Subsampling420 = 2;

    /// <summary><c>TJPF_GRAY</c>: one byte per pixel, luminance only.</summary>
    public const int PixelFormatGray = 6;

    /// <summary><c>TJFLAG_FASTDCT</c>: the fastest inverse DCT; accuracy is irrelevant at 1/8 scale.</summary>
    public const int FlagFastDct = 2048;

    /// <summary><c>TJERR_WARNING</c>, as returned by <c>tjGetErrorCode</c>.</summary>
    public const int ErrorCodeWarning = 0;

    [LibraryImport(LibraryName, EntryPoint = "tjInitDecompress")]
    public static partial nint InitDecompress();

    // unsigned long is 64-bit on LP64 Linux and 32-bit on Windows: CULong follows the platform.
    [LibraryImport(LibraryName, EntryPoint = "tjDecompressHeader3")]
    public static partial int DecompressHeader3(
        nint handle, byte* jpegBuf, CULong jpegSize, int* width, int* height, int* jpegSubsamp, int* jpegColorspace);

    [LibraryImport(LibraryName, EntryPoint = "tjDecompress2")]
    public static partial int Decompress2(
        nint handle, byte* jpegBuf, CULong jpegSize, byte* dstBuf, int width, int pitch, int height, int pixelFormat, int flags);

    [LibraryImport(LibraryName, EntryPoint = "tjInitCompress")]
    public static partial nint InitCompress();

    /// <summary>With <c>*jpegBuf</c> null, TurboJPEG allocates the output; free it with <see cref="Free"/>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "tjCompress2")]
    public static partial int Compress2(
        nint handle, byte* srcBuf, int width, int pitch, int height, int pixelFormat, byte** jpegBuf, CULong* jpegSize, int jpegSubsamp, int jpegQual, int flags);

    [LibraryImport(LibraryName, EntryPoint = "tjFree")]
    public static partial void Free(byte* buffer);

    [LibraryImport(LibraryName, EntryPoint = "tjDestroy")]
    public static partial int Destroy(nint handle);

    [LibraryImport(LibraryName, EntryPoint = "tjGetErrorStr2")]
    public static partial byte* GetErrorStr2(nint handle);

    [LibraryImport(LibraryName, EntryPoint = "tjGetErrorCode")]
    public static partial int GetErrorCode(nint handle);
}
