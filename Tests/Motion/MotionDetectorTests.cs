using IngestionCluster.Grains.Imaging;
using IngestionCluster.Grains.Motion;
using IngestionCluster.Tests.Imaging;

namespace IngestionCluster.Tests.Motion;

public sealed class MotionDetectorTests(JpegSamples samples) : IClassFixture<JpegSamples>
{
    [Fact]
    public void Static_scene_gives_no_motion()
    {
        using var detector = new MotionDetector();

        var results = samples.StaticScene.Select(frame => detector.Process(frame)).ToList();

        Assert.All(results, r => Assert.False(r.Motion));
        Assert.All(results.Take(5), r => Assert.True(r.Calibrating));
        Assert.All(results.Skip(5), r =>
        {
            Assert.False(r.Calibrating);
            Assert.InRange(r.Area, 0, MotionSettings.Default.MinArea - 1);
        });
        Assert.All(results, r => Assert.Equal((160, 90), (r.Width, r.Height)));
    }

    [Fact]
    public void Moving_block_gives_motion_with_about_the_block_area()
    {
        using var detector = new MotionDetector();

        var results = samples.MovingBlock.Select(frame => detector.Process(frame)).ToList();

        var firstMoving = results.FindIndex(r => r.Motion);
        Assert.InRange(firstMoving, JpegSamples.StillFramesBeforeBlock - 1, JpegSamples.StillFramesBeforeBlock);
        Assert.All(results.Take(firstMoving), r => Assert.Equal(0, r.Area));
        // At 1/8 the block is 20×20 = 400 pixels; the 3×3 blur spreads its change by one pixel
        // around it (22×22 = 484). Where it was a frame before, the background took only 5 % of
        // its brightness (≈ 13 gray levels, under the threshold), so no trail is counted.
        var blockSide = JpegSamples.BlockSize / 8;
        var lefts = new List<int>();
        foreach (var result in results.Skip(firstMoving))
        {
            Assert.True(result.Motion);
            Assert.InRange(result.Area, blockSide * blockSide, (blockSide + 2) * (blockSide + 2));
            Assert.InRange(result.Box.Width, blockSide, blockSide + 2);
            Assert.InRange(result.Box.Height, blockSide, blockSide + 2);
            Assert.InRange(result.Box.Y, (JpegSamples.BlockTop / 8) - 1, JpegSamples.BlockTop / 8);
            lefts.Add((result.Box.X + 1) / blockSide * blockSide);
        }

        // The box follows the block: one block width to the right per frame, wrapping after seven.
        for (var i = 1; i < lefts.Count; i++)
        {
            Assert.Equal((lefts[i - 1] + blockSide) % (7 * blockSide), lefts[i]);
        }
    }

    [Fact]
    public void Warmup_frames_never_report_motion()
    {
        using var detector = new MotionDetector(new MotionSettings { WarmupFrames = 3 });

        var results = samples.MovingBlock.Skip(JpegSamples.StillFramesBeforeBlock)
            .Select(frame => detector.Process(frame)).ToList();

        Assert.All(results.Take(3), r => Assert.True(r.Calibrating && !r.Motion));
        Assert.All(results.Skip(3), r => Assert.False(r.Calibrating));
        Assert.Contains(results.Skip(3), r => r.Motion);
    }

    [Fact]
    public void Frame_size_change_recalibrates()
    {
        using var detector = new MotionDetector();
        foreach (var frame in samples.StaticScene)
        {
            detector.Process(frame);
        }

        var resized = detector.Process(samples.VgaTestCard);

        Assert.True(resized.Calibrating);
        Assert.False(resized.Motion);
        Assert.Equal((160, 120), (resized.Width, resized.Height));
    }

    [Fact]
    public void Corrupt_jpeg_throws_and_the_detector_carries_on_as_if_it_had_not_been_seen()
    {
        var frames = samples.MovingBlock;
        var truncated = frames[12][..(frames[12].Length / 2)];
        byte[] garbage = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x02, .. Enumerable.Repeat((byte)0x42, 100)];
        using var clean = new MotionDetector();
        using var disturbed = new MotionDetector();

        var expected = frames.Select(frame => clean.Process(frame)).ToList();
        var actual = new List<MotionResult>();
        for (var i = 0; i < frames.Count; i++)
        {
            if (i == 12)
            {
                Assert.Throws<TurboJpegException>(() => disturbed.Process(truncated));
                Assert.Throws<TurboJpegException>(() => disturbed.Process(garbage));
                Assert.Throws<TurboJpegException>(() => disturbed.Process([]));
            }

            actual.Add(disturbed.Process(frames[i]));
        }

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Same_frames_give_the_same_results()
    {
        using var first = new MotionDetector();
        using var second = new MotionDetector();

        var a = samples.MovingBlock.Select(frame => first.Process(frame)).ToList();
        var b = samples.MovingBlock.Select(frame => second.Process(frame)).ToList();

        Assert.Equal(a, b);
    }

    [Fact]
    public void Reset_starts_a_new_warmup()
    {
        using var detector = new MotionDetector();
        foreach (var frame in samples.StaticScene)
        {
            detector.Process(frame);
        }

        detector.Reset();

        Assert.True(detector.Process(samples.StaticScene[0]).Calibrating);
    }

    [Fact]
    public void Frame_larger_than_MaxSourcePixels_is_refused_before_decoding()
    {
        using var detector = new MotionDetector(new MotionSettings { MaxSourcePixels = (1280 * 720) - 1 });

        var error = Assert.Throws<InvalidDataException>(() => detector.Process(samples.TestCard));

        Assert.Contains("1280×720", error.Message);
        Assert.False(detector.Process(samples.VgaTestCard).Motion);
    }

    [Fact]
    public void Disposed_detector_refuses_frames()
    {
        var detector = new MotionDetector();
        detector.Dispose();

        Assert.Throws<ObjectDisposedException>(() => detector.Process(samples.TestCard));
    }
}
