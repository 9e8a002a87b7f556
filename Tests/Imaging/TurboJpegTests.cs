using IngestionCluster.Grains.Imaging;

namespace IngestionCluster.Tests.Imaging;

public sealed class TurboJpegTests(JpegSamples samples) : IClassFixture<JpegSamples>
{
    [Fact]
    public void Library_is_available_on_this_machine() => Assert.True(TurboJpeg.IsAvailable);

    [Fact]
    public void Missing_library_error_names_the_Debian_package()
    {
        var error = TurboJpeg.Probe("libturbojpeg-not-installed.so.0");

        Assert.NotNull(error);
        Assert.Contains("libturbojpeg0", error.Message);
        Assert.Contains("libturbojpeg-not-installed.so.0", error.Message);
    }

    [Fact]
    public void Header_gives_full_size_dimensions()
    {
        Assert.Equal(new JpegHeader(1280, 720), TurboJpeg.ReadHeader(samples.TestCard));
        Assert.Equal(new JpegHeader(640, 480), TurboJpeg.ReadHeader(samples.VgaTestCard));
    }

    [Fact]
    public void Scaled_decode_of_720p_gives_160x90_close_to_the_8x8_block_means()
    {
        var jpeg = samples.TestCard;
        var scale = JpegScale.ForTargetWidth(1280, 160);
        var small = new byte[160 * 90];
        var full = new byte[1280 * 720];

        TurboJpeg.DecodeGray(jpeg, small, scale.Apply(1280), scale.Apply(720));
        TurboJpeg.DecodeGray(jpeg, full, 1280, 720);

        Assert.Equal(new JpegScale(1, 8), scale);
        Assert.Equal((160, 90), (scale.Apply(1280), scale.Apply(720)));
        double totalError = 0;
        for (var y = 0; y < 90; y++)
        {
            for (var x = 0; x < 160; x++)
            {
                totalError += Math.Abs(small[(y * 160) + x] - BlockMean(full, 1280, x * 8, y * 8, 8));
            }
        }

        Assert.InRange(totalError / small.Length, 0, 4);
        Assert.True(small.Distinct().Count() > 50, "the test card has many gray levels");
    }

    [Fact]
    public void White_frame_decodes_to_near_255()
    {
        var pixels = new byte[160 * 90];

        TurboJpeg.DecodeGray(samples.White, pixels, 160, 90);

        Assert.All(pixels, p => Assert.InRange(p, (byte)250, (byte)255));
    }

    [Fact]
    public void Every_scaling_factor_fills_exactly_the_computed_size()
    {
        // 1002×562 does not divide by 8: a size one too large would make TurboJPEG pick the same
        // factor and leave the last column or row unwritten (still 0); one too small, fail.
        foreach (var scale in JpegScale.Downscales)
        {
            int width = scale.Apply(1002), height = scale.Apply(562);
            var pixels = new byte[width * height];

            TurboJpeg.DecodeGray(samples.WhiteOddSize, pixels, width, height);

            Assert.True(pixels.All(p => p >= 250), $"{scale}: {width}×{height} has unwritten pixels");
        }
    }

    [Fact]
    public void Vga_is_decoded_at_a_quarter_for_target_width_160()
    {
        var scale = JpegScale.ForTargetWidth(640, 160);
        var small = new byte[160 * 120];
        var full = new byte[640 * 480];
        // A sentinel no decoded pixel of the test card keeps everywhere: a pixel left unwritten stands out.
        Array.Fill(small, (byte)0xA5);

        TurboJpeg.DecodeGray(samples.VgaTestCard, small, scale.Apply(640), scale.Apply(480));
        TurboJpeg.DecodeGray(samples.VgaTestCard, full, 640, 480);

        Assert.Equal(new JpegScale(1, 4), scale);
        Assert.Equal((160, 120), (scale.Apply(640), scale.Apply(480)));
        // Each pixel of the quarter-size decode is close to the mean of its 4×4 block of the full-size decode.
        double totalError = 0;
        var worstRow = (Row: -1, Error: 0.0);
        for (var y = 0; y < 120; y++)
        {
            double rowError = 0;
            for (var x = 0; x < 160; x++)
            {
                rowError += Math.Abs(small[(y * 160) + x] - BlockMean(full, 640, x * 4, y * 4, 4));
            }
            totalError += rowError;
            if (rowError / 160 > worstRow.Error)
            {
                worstRow = (y, rowError / 160);
            }
        }

        Assert.InRange(totalError / small.Length, 0, 4);
        Assert.True(worstRow.Error < 12, $"row {worstRow.Row} is off by {worstRow.Error:0.0} gray levels on average");
        Assert.True(small.Distinct().Count() > 50, "the test card has many gray levels");
    }

    [Fact]
    public void Truncated_jpeg_raises_a_warning_exception_unless_warnings_are_allowed()
    {
        var truncated = samples.TestCard.AsSpan(0, samples.TestCard.Length / 2).ToArray();
        var pixels = new byte[160 * 90];

        var error = Assert.Throws<TurboJpegException>(() => TurboJpeg.DecodeGray(truncated, pixels, 160, 90));
        TurboJpeg.DecodeGray(truncated, pixels, 160, 90, allowWarnings: true);

        Assert.True(error.IsWarning);
        Assert.StartsWith("TurboJPEG could not decode the JPEG (warning): ", error.Message);
    }

    [Theory]
    [InlineData("png")]
    [InlineData("garbage after SOI")]
    [InlineData("header only")]
    [InlineData("empty")]
    public void Corrupt_jpeg_raises_a_clear_TurboJpegException(string corruption)
    {
        var jpeg = corruption switch
        {
            "png" => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52],
            "garbage after SOI" => [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x02, .. Enumerable.Repeat((byte)0x5A, 500)],
            "header only" => samples.TestCard[..200],
            _ => Array.Empty<byte>(),
        };
        var pixels = new byte[160 * 90];

        var decodeError = Assert.Throws<TurboJpegException>(() => TurboJpeg.DecodeGray(jpeg, pixels, 160, 90));
        var headerError = Assert.Throws<TurboJpegException>(() => TurboJpeg.ReadHeader(jpeg));

        Assert.True(corruption == "header only" || !decodeError.IsWarning);
        Assert.StartsWith("TurboJPEG could not decode the JPEG", decodeError.Message);
        Assert.StartsWith("TurboJPEG could not read the JPEG header", headerError.Message);
    }

    [Fact]
    public void Failed_header_read_does_not_spoil_the_next_decode_on_the_same_thread()
    {
        var expected = new byte[160 * 120];
        var actual = new byte[160 * 120];
        TurboJpeg.DecodeGray(samples.VgaTestCard, expected, 160, 120);

        foreach (var length in new[] { 3, 100, 150, 200, 300, 400, 600, 1000 })
        {
            try
            {
                TurboJpeg.ReadHeader(samples.TestCard.AsSpan(0, length));
            }
            catch (TurboJpegException)
            {
            }

            Assert.Equal(new JpegHeader(640, 480), TurboJpeg.ReadHeader(samples.VgaTestCard));
            TurboJpeg.DecodeGray(samples.VgaTestCard, actual, 160, 120);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"decode after a {length}-byte header differs");
        }
    }

    [Fact]
    public void Randomly_damaged_jpegs_either_decode_or_raise_TurboJpegException()
    {
        var random = new Random(20240611);
        var original = samples.TestCard;
        var pixels = new byte[160 * 90];
        var failures = 0;
        for (var i = 0; i < 300; i++)
        {
            var damaged = original.ToArray();
            for (var j = random.Next(1, 20); j > 0; j--)
            {
                damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
            }

            var length = random.Next(4) == 0 ? random.Next(2, damaged.Length) : damaged.Length;
            try
            {
                TurboJpeg.DecodeGray(damaged.AsSpan(0, length), pixels, 160, 90);
            }
            catch (TurboJpegException)
            {
                failures++;
            }
        }

        TurboJpeg.DecodeGray(original, pixels, 160, 90);
        Assert.True(failures > 0, "some damage must be detected");
    }

    [Fact]
    public void Threads_decoding_at_once_each_get_the_same_pixels()
    {
        var jpeg = samples.TestCard;
        var expected = new byte[160 * 90];
        TurboJpeg.DecodeGray(jpeg, expected, 160, 90);
        var mismatches = 0;

        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            var pixels = new byte[160 * 90];
            TurboJpeg.DecodeGray(jpeg, pixels, 160, 90);
            if (!pixels.AsSpan().SequenceEqual(expected))
            {
                Interlocked.Increment(ref mismatches);
            }
        });

        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void Destination_smaller_than_the_size_asked_for_is_refused()
    {
        var pixels = new byte[(160 * 90) - 1];

        Assert.Throws<ArgumentException>(() => TurboJpeg.DecodeGray(samples.TestCard, pixels, 160, 90));
    }

    private static double BlockMean(byte[] image, int width, int left, int top, int size)
    {
        var sum = 0;
        for (var y = top; y < top + size; y++)
        {
            for (var x = left; x < left + size; x++)
            {
                sum += image[(y * width) + x];
            }
        }

        return sum / (double)(size * size);
    }
}
