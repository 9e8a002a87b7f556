using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace IngestionCluster.Grains.Motion;

/// <summary>
/// The per-pixel kernels of <see cref="MotionDetector"/>, vectorised with <see cref="Vector128"/>
/// (SSE on x64, NEON on ARM64) and a scalar tail that computes exactly the same values.
/// The box blur is split in two: <see cref="SumRows"/> sums each pixel's horizontal window once per
/// frame; <see cref="CompareRow"/> adds the vertical window, scales to an average and compares it
/// with the running-average background in the same pass.
/// </summary>
internal static class BackgroundSubtraction
{
    /// <summary>Scratch length <see cref="SumRows"/> needs for <paramref name="paddedRow"/>.</summary>
    public static int PaddedRowLength(int width, int radius) => width + (2 * radius) + Vector128<byte>.Count;

    /// <summary>
    /// For every pixel, the sum of the 2·radius + 1 pixels around it in its row, edge pixels
    /// repeated. With radius 0 this is the image itself, widened.
    /// </summary>
    public static void SumRows(
        ReadOnlySpan<byte> image, Span<ushort> sums, int width, int height, int radius, Span<byte> paddedRow)
    {
        var pixels = width * height;
        if (image.Length < pixels || sums.Length < pixels || paddedRow.Length < PaddedRowLength(width, radius))
        {
            throw new ArgumentException("Buffers too small for the image.");
        }

        ref var padded = ref MemoryMarshal.GetReference(paddedRow);
        var window = (2 * radius) + 1;
        for (var y = 0; y < height; y++)
        {
            var row = image.Slice(y * width, width);
            paddedRow[..radius].Fill(row[0]);
            row.CopyTo(paddedRow[radius..]);
            paddedRow.Slice(radius + width, radius).Fill(row[width - 1]);

            var output = sums.Slice(y * width, width);
            ref var target = ref MemoryMarshal.GetReference(output);
            var x = 0;
            if (Vector128.IsHardwareAccelerated)
            {
                // Reads reach index x + 2·radius + 15 < width + 2·radius: inside the padded row.
                for (; x <= width - Vector128<byte>.Count; x += Vector128<byte>.Count)
                {
                    var low = Vector128<ushort>.Zero;
                    var high = Vector128<ushort>.Zero;
                    for (var k = 0; k < window; k++)
                    {
                        var (lower, upper) = Vector128.Widen(Vector128.LoadUnsafe(ref padded, (nuint)(x + k)));
                        low += lower;
                        high += upper;
                    }

                    low.StoreUnsafe(ref target, (nuint)x);
                    high.StoreUnsafe(ref target, (nuint)(x + Vector128<ushort>.Count));
                }
            }

            for (; x < width; x++)
            {
                var sum = 0;
                for (var k = 0; k < window; k++)
                {
                    sum += paddedRow[x + k];
                }

                output[x] = (ushort)sum;
            }
        }
    }

    /// <summary>
    /// For row <paramref name="y"/>: the box average (vertical window over <paramref name="sums"/>,
    /// times <paramref name="scale"/> = 1 / window area) is compared with the background row, which is
    /// then moved towards it by <paramref name="alpha"/>. Returns how many pixels differ by more
    /// than <paramref name="threshold"/>, and the first and last such x (-1 when none).
    /// </summary>
    public static int CompareRow(
        ReadOnlySpan<ushort> sums, int width, int height, int y, int radius, float scale,
        Span<float> backgroundRow, float alpha, float threshold, out int firstX, out int lastX)
    {
        if (sums.Length < width * height || backgroundRow.Length < width || (uint)y >= (uint)height || radius > 4)
        {
            throw new ArgumentException("Buffers too small for the image.");
        }

        Span<int> rowStarts = stackalloc int[9];
        var window = (2 * radius) + 1;
        for (var k = 0; k < window; k++)
        {
            rowStarts[k] = Math.Clamp(y - radius + k, 0, height - 1) * width;
        }

        ref var sum0 = ref MemoryMarshal.GetReference(sums);
        ref var background = ref MemoryMarshal.GetReference(backgroundRow);
        int changed = 0, first = -1, last = -1;
        var x = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            var scaleVector = Vector128.Create(scale);
            var alphaVector = Vector128.Create(alpha);
            var thresholdVector = Vector128.Create(threshold);
            // Eight pixels per step: eight ushort sums become two vectors of four floats.
            for (; x <= width - Vector128<ushort>.Count; x += Vector128<ushort>.Count)
            {
                var sum = Vector128<ushort>.Zero;
                for (var k = 0; k < window; k++)
                {
                    sum += Vector128.LoadUnsafe(ref sum0, (nuint)(rowStarts[k] + x));
                }

                var (lower, upper) = Vector128.Widen(sum);
                var low = CompareFour(lower, ref background, x, scaleVector, alphaVector, thresholdVector);
                var high = CompareFour(upper, ref background, x + 4, scaleVector, alphaVector, thresholdVector);
                var mask = low | (high << 4);
                if (mask != 0)
                {
                    changed += BitOperations.PopCount(mask);
                    if (first < 0)
                    {
                        first = x + BitOperations.TrailingZeroCount(mask);
                    }

                    last = x + 31 - BitOperations.LeadingZeroCount(mask);
                }
            }
        }

        for (; x < width; x++)
        {
            var sum = 0;
            for (var k = 0; k < window; k++)
            {
                sum += sums[rowStarts[k] + x];
            }

            var value = sum * scale;
            var difference = value - backgroundRow[x];
            backgroundRow[x] += alpha * difference;
            if (MathF.Abs(difference) > threshold)
            {
                changed++;
                if (first < 0)
                {
                    first = x;
                }

                last = x;
            }
        }

        firstX = first;
        lastX = last;
        return changed;
    }

    /// <summary>Four pixels; returns a bit per pixel that changed, lowest bit for the first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint CompareFour(
        Vector128<uint> sums, ref float background, int x,
        Vector128<float> scale, Vector128<float> alpha, Vector128<float> threshold)
    {
        var value = Vector128.ConvertToSingle(sums.AsInt32()) * scale;
        var old = Vector128.LoadUnsafe(ref background, (nuint)x);
        var difference = value - old;
        (old + (alpha * difference)).StoreUnsafe(ref background, (nuint)x);
        return Vector128.GreaterThan(Vector128.Abs(difference), threshold).ExtractMostSignificantBits();
    }
}
