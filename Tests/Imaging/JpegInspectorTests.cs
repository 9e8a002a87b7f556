using IngestionCluster.Grains.Imaging;

namespace IngestionCluster.Tests.Imaging;

public sealed class JpegInspectorTests(JpegSamples samples) : IClassFixture<JpegSamples>
{
    [Fact]
    public void Valid_jpeg_is_accepted_with_its_dimensions()
    {
        var inspection = JpegInspector.Inspect(samples.TestCard);

        Assert.True(inspection.IsValid, inspection.Reason);
        Assert.Equal((1280, 720, 3), (inspection.Width, inspection.Height, inspection.Components));
        Assert.Null(inspection.Reason);
    }

    [Fact]
    public void Every_ffmpeg_frame_is_accepted()
    {
        Assert.All(samples.MovingBlock, frame => Assert.True(JpegInspector.Inspect(frame).IsValid));
        Assert.Equal((640, 480), (JpegInspector.Inspect(samples.VgaTestCard).Width, JpegInspector.Inspect(samples.VgaTestCard).Height));
    }

    [Fact]
    public void Png_is_rejected_as_not_a_jpeg()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 5, 0];

        var inspection = JpegInspector.Inspect(png);

        Assert.Equal(JpegProblem.NotJpeg, inspection.Problem);
        Assert.Equal("not a JPEG: missing SOI marker", inspection.Reason);
    }

    [Fact]
    public void Empty_buffer_is_rejected()
    {
        var inspection = JpegInspector.Inspect([]);

        Assert.Equal(JpegProblem.Empty, inspection.Problem);
        Assert.Equal("empty JPEG: no bytes", inspection.Reason);
    }

    [Fact]
    public void Random_bytes_are_rejected()
    {
        var random = new Random(7);
        for (var i = 0; i < 100; i++)
        {
            var bytes = new byte[random.Next(1, 5000)];
            random.NextBytes(bytes);

            Assert.False(JpegInspector.Inspect(bytes).IsValid);
        }
    }

    [Fact]
    public void Jpeg_cut_off_in_its_scan_data_is_rejected_as_truncated()
    {
        var inspection = JpegInspector.Inspect(samples.TestCard.AsSpan(0, samples.TestCard.Length - 100));

        Assert.Equal(JpegProblem.Truncated, inspection.Problem);
        Assert.Equal("truncated JPEG: missing EOI marker", inspection.Reason);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(20)]
    [InlineData(100)]
    public void Jpeg_cut_off_before_its_frame_header_is_rejected_as_truncated(int length)
    {
        var inspection = JpegInspector.Inspect(samples.TestCard.AsSpan(0, length));

        Assert.Equal(JpegProblem.Truncated, inspection.Problem);
        Assert.Equal("truncated JPEG: data ends before the frame header", inspection.Reason);
    }

    [Fact]
    public void Jpeg_over_the_size_limit_is_rejected_with_the_limit_in_the_reason()
    {
        var limit = samples.TestCard.Length - 1;

        var inspection = JpegInspector.Inspect(samples.TestCard, maxBytes: limit);

        Assert.Equal(JpegProblem.TooLarge, inspection.Problem);
        Assert.StartsWith($"JPEG larger than {limit} bytes", inspection.Reason);
        Assert.True(JpegInspector.Inspect(samples.TestCard, maxBytes: samples.TestCard.Length).IsValid);
    }

    [Fact]
    public void Broken_marker_structure_is_rejected_as_malformed()
    {
        byte[] noMarker = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0x12, 0x34, 0xFF, 0xD9];
        byte[] scanFirst = [0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0x00, 0xFF, 0xD9];
        byte[] zeroWidth = [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x10, 0x00, 0x00, 0x01, 0x01, 0x11, 0x00, 0xFF, 0xD9];

        Assert.Equal("malformed JPEG: expected a marker at offset 8", JpegInspector.Inspect(noMarker).Reason);
        Assert.Equal("malformed JPEG: scan data before the frame header", JpegInspector.Inspect(scanFirst).Reason);
        Assert.Equal(JpegProblem.Malformed, JpegInspector.Inspect(zeroWidth).Problem);
    }
}
