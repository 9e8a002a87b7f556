using IngestionCluster.Grains.Motion;

namespace IngestionCluster.Tests.Motion;

/// <summary>The detector's arithmetic on synthetic gray images, where every count is exact.</summary>
public sealed class MotionDetectorGrayTests
{
    private const int Width = 160;
    private const int Height = 90;

    private static readonly MotionSettings _sharp = new() { BlurRadius = 0, WarmupFrames = 2 };

    [Fact]
    public void Area_and_box_are_exactly_the_changed_rectangle_without_blur()
    {
        using var detector = new MotionDetector(_sharp);
        var background = Image(50);
        detector.ProcessGray(background, Width, Height);
        detector.ProcessGray(background, Width, Height);

        var result = detector.ProcessGray(WithRectangle(Image(50), 30, 40, 12, 7, 200), Width, Height);

        Assert.True(result.Motion);
        Assert.False(result.Calibrating);
        Assert.Equal(12 * 7, result.Area);
        Assert.Equal(new MotionBox(30, 40, 12, 7), result.Box);
        Assert.Equal(84.0 / (Width * Height), result.AreaFraction, 10);
    }

    [Fact]
    public void Changes_at_or_below_the_threshold_are_ignored()
    {
        using var detector = new MotionDetector(_sharp);
        detector.ProcessGray(Image(100), Width, Height);
        detector.ProcessGray(Image(100), Width, Height);

        var atThreshold = detector.ProcessGray(Image((byte)(100 + _sharp.Threshold)), Width, Height);

        Assert.Equal(0, atThreshold.Area);
        Assert.True(atThreshold.Box.IsEmpty);
    }

    [Fact]
    public void Area_below_MinArea_is_not_motion()
    {
        using var detector = new MotionDetector(_sharp with { MinArea = 30 });
        detector.ProcessGray(Image(0), Width, Height);
        detector.ProcessGray(Image(0), Width, Height);

        var small = detector.ProcessGray(WithRectangle(Image(0), 0, 0, 29, 1, 255), Width, Height);
        var enough = detector.ProcessGray(WithRectangle(Image(0), 0, 0, 30, 1, 255), Width, Height);

        Assert.Equal((false, 29), (small.Motion, small.Area));
        Assert.Equal((true, 30), (enough.Motion, enough.Area));
    }

    [Fact]
    public void Blur_spreads_a_bright_block_by_its_radius()
    {
        using var detector = new MotionDetector(_sharp with { BlurRadius = 1 });
        detector.ProcessGray(Image(0), Width, Height);
        detector.ProcessGray(Image(0), Width, Height);

        var result = detector.ProcessGray(WithRectangle(Image(0), 50, 20, 10, 10, 255), Width, Height);

        // Edge neighbours average 3/9 of 255 (85), corners 1/9 (28): all above 25.
        Assert.Equal(12 * 12, result.Area);
        Assert.Equal(new MotionBox(49, 19, 12, 12), result.Box);
    }

    [Fact]
    public void Object_that_stops_is_absorbed_into_the_background()
    {
        using var detector = new MotionDetector(_sharp);
        detector.ProcessGray(Image(0), Width, Height);
        detector.ProcessGray(Image(0), Width, Height);
        var parked = WithRectangle(Image(0), 10, 10, 20, 20, 255);

        var results = Enumerable.Range(0, 100).Select(_ => detector.ProcessGray(parked, Width, Height)).ToList();

        // The difference decays as 255·0.95^n and drops to 25 or less after 46 frames.
        Assert.All(results.Take(45), r => Assert.True(r.Motion));
        Assert.All(results.Skip(46), r => Assert.False(r.Motion));
    }

    [Theory]
    [InlineData(145, 0)]
    [InlineData(146, Width * Height)]
    public void Background_is_the_mean_of_the_warmup_frames(byte next, int expectedArea)
    {
        using var detector = new MotionDetector(_sharp with { WarmupFrames = 4 });
        detector.ProcessGray(Image(100), Width, Height);
        detector.ProcessGray(Image(140), Width, Height);
        detector.ProcessGray(Image(100), Width, Height);
        detector.ProcessGray(Image(140), Width, Height);

        // The mean is 120: 145 differs by exactly the threshold, 146 by more.
        var result = detector.ProcessGray(Image(next), Width, Height);

        Assert.Equal(expectedArea, result.Area);
    }

    [Fact]
    public void Invalid_settings_are_rejected_by_name()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new MotionDetector(new MotionSettings { BackgroundRate = 0 }));

        Assert.Equal("BackgroundRate", error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MotionDetector(new MotionSettings { Threshold = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MotionDetector(new MotionSettings { BlurRadius = 5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MotionDetector(new MotionSettings { MinArea = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MotionDetector(new MotionSettings { TargetWidth = 4 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MotionDetector(new MotionSettings { WarmupFrames = -1 }));
    }

    [Fact]
    public void Defaults_are_the_documented_values()
    {
        var defaults = MotionSettings.Default;

        Assert.Equal(
            (25, 30, 0.05, 5, 160, 1, 8192 * 8192, false),
            (defaults.Threshold, defaults.MinArea, defaults.BackgroundRate, defaults.WarmupFrames,
                defaults.TargetWidth, defaults.BlurRadius, defaults.MaxSourcePixels, defaults.AcceptDecodeWarnings));
    }

    private static byte[] Image(byte value) => Enumerable.Repeat(value, Width * Height).ToArray();

    private static byte[] WithRectangle(byte[] image, int left, int top, int width, int height, byte value)
    {
        for (var y = top; y < top + height; y++)
        {
            image.AsSpan((y * Width) + left, width).Fill(value);
        }

        return image;
    }
}
