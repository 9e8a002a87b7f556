using IngestionCluster.Grains.Motion;

namespace IngestionCluster.Tests.Motion;

/// <summary>The vectorised kernels against a plain per-pixel reference.</summary>
public sealed class BackgroundSubtractionTests
{
    [Theory]
    [InlineData(160, 90, 0)]
    [InlineData(160, 90, 1)]
    [InlineData(126, 71, 1)]
    [InlineData(37, 5, 2)]
    [InlineData(9, 3, 4)]
    [InlineData(1, 1, 1)]
    public void Kernels_match_a_per_pixel_box_blur_and_running_average(int width, int height, int radius)
    {
        var random = new Random(width * 1000 + radius);
        var image = new byte[width * height];
        random.NextBytes(image);
        var background = Enumerable.Range(0, width * height).Select(_ => (float)random.Next(256)).ToArray();
        var expectedBackground = background.ToArray();
        var sums = new ushort[width * height];
        var padded = new byte[BackgroundSubtraction.PaddedRowLength(width, radius)];
        var window = (2 * radius) + 1;
        var scale = 1f / (window * window);
        const float alpha = 0.05f, threshold = 25f;

        BackgroundSubtraction.SumRows(image, sums, width, height, radius, padded);
        for (var y = 0; y < height; y++)
        {
            var changed = BackgroundSubtraction.CompareRow(
                sums, width, height, y, radius, scale, background.AsSpan(y * width, width), alpha, threshold,
                out var first, out var last);

            int expectedChanged = 0, expectedFirst = -1, expectedLast = -1;
            for (var x = 0; x < width; x++)
            {
                var sum = 0;
                for (var dy = -radius; dy <= radius; dy++)
                {
                    for (var dx = -radius; dx <= radius; dx++)
                    {
                        sum += image[(Math.Clamp(y + dy, 0, height - 1) * width) + Math.Clamp(x + dx, 0, width - 1)];
                    }
                }

                var i = (y * width) + x;
                var difference = (sum * scale) - expectedBackground[i];
                expectedBackground[i] += alpha * difference;
                if (MathF.Abs(difference) > threshold)
                {
                    expectedChanged++;
                    expectedFirst = expectedFirst < 0 ? x : expectedFirst;
                    expectedLast = x;
                }
            }

            Assert.Equal((expectedChanged, expectedFirst, expectedLast), (changed, first, last));
        }

        Assert.Equal(expectedBackground, background);
    }
}
