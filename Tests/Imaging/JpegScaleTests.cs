using IngestionCluster.Grains.Imaging;

namespace IngestionCluster.Tests.Imaging;

public sealed class JpegScaleTests
{
    [Theory]
    [InlineData(1280, 720, 160, 1, 8, 160, 90)]
    [InlineData(1279, 719, 160, 1, 8, 160, 90)]
    [InlineData(1920, 1080, 160, 1, 8, 240, 135)]
    [InlineData(1920, 1080, 320, 1, 4, 480, 270)]
    [InlineData(640, 480, 160, 1, 4, 160, 120)]
    [InlineData(352, 288, 160, 1, 2, 176, 144)]
    [InlineData(400, 300, 160, 1, 2, 200, 150)]
    [InlineData(1001, 563, 160, 1, 4, 251, 141)]
    [InlineData(100, 80, 160, 1, 1, 100, 80)]
    public void Smallest_factor_at_least_the_target_width_is_chosen(
        int width, int height, int target, int numerator, int denominator, int scaledWidth, int scaledHeight)
    {
        var scale = JpegScale.ForTargetWidth(width, target);

        Assert.Equal(new JpegScale(numerator, denominator), scale);
        Assert.Equal((scaledWidth, scaledHeight), (scale.Apply(width), scale.Apply(height)));
    }

    [Fact]
    public void Scaled_size_rounds_up_like_TurboJPEG()
    {
        Assert.Equal(126, new JpegScale(1, 8).Apply(1001));
        Assert.Equal(376, new JpegScale(3, 8).Apply(1001));
        Assert.Equal(1, new JpegScale(1, 8).Apply(1));
    }
}
