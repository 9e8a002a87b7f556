using IngestionCluster.Grains.Imaging;
using IngestionCluster.Tests.Grains;

namespace IngestionCluster.Tests.Ui.Imaging;

public sealed class ThumbnailRendererTests
{
    [Theory]
    [InlineData(320, 320, 180)]
    [InlineData(100, 100, 56)]
    [InlineData(16, 16, 9)]
    [InlineData(1024, 1024, 576)]
    [InlineData(4000, 1280, 720)]
    public void A_jpeg_is_scaled_to_the_width_keeping_its_aspect_and_never_enlarged(int width, int expectedWidth, int expectedHeight)
    {
        var (jpeg, thumbnailWidth, thumbnailHeight) = ThumbnailRenderer.Render(SharedJpegs.Samples.TestCard, width);
        Assert.Equal((expectedWidth, expectedHeight), (thumbnailWidth, thumbnailHeight));
        Assert.Equal(new JpegHeader(expectedWidth, expectedHeight), TurboJpeg.ReadHeader(jpeg));
    }

    [Fact]
    public void A_white_image_stays_white()
    {
        var (jpeg, width, height) = ThumbnailRenderer.Render(SharedJpegs.Samples.White, 200);
        var rgb = new byte[width * height * 3];
        TurboJpeg.DecodeRgb(jpeg, rgb, width, height);
        Assert.All(rgb, value => Assert.InRange(value, 250, 255));
    }

    [Fact]
    public void Shrinking_averages_the_pixels_each_output_pixel_covers()
    {
        // 4×1 pixels: black, white, red, blue → 2×1: grey, purple.
        byte[] source = [0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 0, 255];
        var shrunk = RgbResampler.Shrink(source, 4, 1, 2, 1);
        Assert.Equal([128, 128, 128, 128, 0, 128], shrunk);

        // 3 → 2 covers one and a half source pixels each: weights 2/3 and 1/3.
        byte[] three = [0, 0, 0, 90, 90, 90, 180, 180, 180];
        Assert.Equal([30, 30, 30, 150, 150, 150], RgbResampler.Shrink(three, 3, 1, 2, 1));
    }

    [Fact]
    public void Corrupt_bytes_are_refused()
    {
        Assert.Throws<TurboJpegException>(() => ThumbnailRenderer.Render(SharedJpegs.Samples.TestCard.AsSpan(0, 100).ToArray(), 100));
    }
}
