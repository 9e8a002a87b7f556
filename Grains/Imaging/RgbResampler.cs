namespace IngestionCluster.Grains.Imaging;

/// <summary>
/// Shrinks packed RGB images by area averaging: every output pixel is the mean of the source pixels it covers,
/// fractional edges weighted by coverage. It finishes what TurboJPEG's DCT scaling (steps of 1/8) starts, so
/// the factor here stays between 1 and 2 and the result stays sharp without ringing.
/// </summary>
public static class RgbResampler
{
    /// <summary>The source scaled to <paramref name="targetWidth"/> × <paramref name="targetHeight"/> (each no larger than the source's).</summary>
    public static byte[] Shrink(ReadOnlySpan<byte> source, int width, int height, int targetWidth, int targetHeight)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetHeight);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(targetWidth, width);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(targetHeight, height);
        if (targetWidth == width && targetHeight == height)
        {
            return source[..(width * height * 3)].ToArray();
        }
        // Columns first, into floats, then rows: each pass is a 1-D weighted sum.
        var columns = new float[targetWidth * height * 3];
        var xSpans = Spans(width, targetWidth);
        for (var y = 0; y < height; y++)
        {
            var row = source.Slice(y * width * 3, width * 3);
            for (var x = 0; x < targetWidth; x++)
            {
                var (r, g, b) = Sum(row, xSpans[x], 3);
                var at = (y * targetWidth + x) * 3;
                columns[at] = r;
                columns[at + 1] = g;
                columns[at + 2] = b;
            }
        }
        var result = new byte[targetWidth * targetHeight * 3];
        var ySpans = Spans(height, targetHeight);
        for (var y = 0; y < targetHeight; y++)
        {
            var span = ySpans[y];
            for (var x = 0; x < targetWidth; x++)
            {
                float r = 0, g = 0, b = 0;
                for (var i = 0; i < span.Weights.Length; i++)
                {
                    var at = ((span.First + i) * targetWidth + x) * 3;
                    var weight = span.Weights[i];
                    r += columns[at] * weight;
                    g += columns[at + 1] * weight;
                    b += columns[at + 2] * weight;
                }
                var to = (y * targetWidth + x) * 3;
                result[to] = ToByte(r);
                result[to + 1] = ToByte(g);
                result[to + 2] = ToByte(b);
            }
        }
        return result;
    }

    private static (float R, float G, float B) Sum(ReadOnlySpan<byte> row, Span1D span, int stride)
    {
        float r = 0, g = 0, b = 0;
        for (var i = 0; i < span.Weights.Length; i++)
        {
            var at = (span.First + i) * stride;
            var weight = span.Weights[i];
            r += row[at] * weight;
            g += row[at + 1] * weight;
            b += row[at + 2] * weight;
        }
        return (r, g, b);
    }

    /// <summary>For each output index: the first source index it covers and the weights (summing to 1) of the sources it covers.</summary>
    private static Span1D[] Spans(int sourceLength, int targetLength)
    {
        var scale = (double)sourceLength / targetLength;
        var spans = new Span1D[targetLength];
        for (var i = 0; i < targetLength; i++)
        {
            var start = i * scale;
            var end = Math.Min(sourceLength, (i + 1) * scale);
            var first = (int)Math.Floor(start);
            var last = Math.Min(sourceLength - 1, (int)Math.Ceiling(end) - 1);
            var weights = new float[last - first + 1];
            for (var s = first; s <= last; s++)
            {
                var covered = Math.Min(end, s + 1) - Math.Max(start, s);
                weights[s - first] = (float)(covered / scale);
            }
            spans[i] = new Span1D(first, weights);
        }
        return spans;
    }

    private static byte ToByte(float value) => (byte)Math.Clamp((int)MathF.Round(value), 0, 255);

    private readonly record struct Span1D(int First, float[] Weights);
}
