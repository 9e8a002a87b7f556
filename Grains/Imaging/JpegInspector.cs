using System.Buffers.Binary;

namespace IngestionCluster.Grains.Imaging;

/// <summary>
/// Cheap structural validation of a JPEG buffer without decoding it: size limit, SOI marker,
/// marker segments up to the frame header (SOF) for the dimensions, and an EOI marker at the end.
/// It catches wrong formats and truncated uploads; corrupt entropy data is only found by decoding.
/// </summary>
public static class JpegInspector
{
    /// <summary>Default size limit of <see cref="Inspect"/>: 16 MiB.</summary>
    public const int DefaultMaxBytes = 16 * 1024 * 1024;

    // Encoders may pad after EOI; look for it only this far from the end.
    private const int EndMarkerSearchBytes = 64;

    /// <summary>Inspects <paramref name="data"/>, which must hold exactly one JPEG image.</summary>
    public static JpegInspection Inspect(ReadOnlySpan<byte> data, int maxBytes = DefaultMaxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        if (data.IsEmpty)
        {
            return JpegInspection.Invalid(JpegProblem.Empty, "empty JPEG: no bytes");
        }

        if (data.Length > maxBytes)
        {
            return JpegInspection.Invalid(
                JpegProblem.TooLarge, $"JPEG larger than {maxBytes} bytes ({data.Length} bytes)");
        }

        if (data.Length < 3 || data[0] != 0xFF || data[1] != JpegMarkers.StartOfImage || data[2] != 0xFF)
        {
            return JpegInspection.Invalid(JpegProblem.NotJpeg, "not a JPEG: missing SOI marker");
        }

        var frame = ReadFrameHeader(data);
        if (!frame.IsValid)
        {
            return frame;
        }

        return HasEndMarker(data)
            ? frame
            : JpegInspection.Invalid(JpegProblem.Truncated, "truncated JPEG: missing EOI marker");
    }

    private static JpegInspection ReadFrameHeader(ReadOnlySpan<byte> data)
    {
        var position = 2;
        while (true)
        {
            if (position >= data.Length)
            {
                return Truncated();
            }

            if (data[position] != 0xFF)
            {
                return Malformed($"expected a marker at offset {position}");
            }

            while (position < data.Length && data[position] == 0xFF)
            {
                position++; // fill bytes may precede any marker
            }

            if (position >= data.Length)
            {
                return Truncated();
            }

            var marker = data[position++];
            if (JpegMarkers.IsStandalone(marker))
            {
                continue;
            }

            switch (marker)
            {
                case 0x00:
                    return Malformed($"invalid marker 0xFF00 at offset {position - 2}");
                case JpegMarkers.StartOfImage:
                    return Malformed("second SOI marker before the frame header");
                case JpegMarkers.EndOfImage:
                    return Malformed("EOI marker before the frame header");
                case JpegMarkers.StartOfScan:
                    return Malformed("scan data before the frame header");
            }

            if (position + 2 > data.Length)
            {
                return Truncated();
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data[position..]);
            if (length < 2)
            {
                return Malformed($"segment length {length} at offset {position}");
            }

            if (JpegMarkers.IsStartOfFrame(marker))
            {
                // SOF: length(2) precision(1) height(2) width(2) components(1) ...
                if (length < 8)
                {
                    return Malformed($"frame header of {length} bytes");
                }

                if (position + 8 > data.Length)
                {
                    return Truncated();
                }

                var height = BinaryPrimitives.ReadUInt16BigEndian(data[(position + 3)..]);
                var width = BinaryPrimitives.ReadUInt16BigEndian(data[(position + 5)..]);
                var components = data[position + 7];
                if (width == 0 || height == 0 || components == 0)
                {
                    return Malformed($"frame header says {width}×{height} with {components} components");
                }

                return JpegInspection.Valid(width, height, components);
            }

            position += length;
        }
    }

    private static bool HasEndMarker(ReadOnlySpan<byte> data)
    {
        var tail = data[Math.Max(0, data.Length - EndMarkerSearchBytes)..];
        return tail.LastIndexOf(JpegMarkers.EndOfImageBytes) >= 0;
    }

    private static JpegInspection Truncated() =>
        JpegInspection.Invalid(JpegProblem.Truncated, "truncated JPEG: data ends before the frame header");

    private static JpegInspection Malformed(string detail) =>
        JpegInspection.Invalid(JpegProblem.Malformed, $"malformed JPEG: {detail}");
}
