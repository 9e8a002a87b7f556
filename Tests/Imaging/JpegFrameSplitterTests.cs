using IngestionCluster.Grains.Imaging;

namespace IngestionCluster.Tests.Imaging;

public sealed class JpegFrameSplitterTests(JpegSamples samples) : IClassFixture<JpegSamples>
{
    [Fact]
    public void Frames_fed_one_byte_at_a_time_come_out_whole()
    {
        var frames = samples.Pipe.Frames;
        using var splitter = new JpegFrameSplitter();

        var output = Feed(splitter, Concat(frames), _ => 1);

        AssertFrames(frames, output);
        Assert.Equal(0, splitter.SkippedBytes);
        Assert.Equal(0, splitter.BufferedBytes);
    }

    [Fact]
    public void Frames_fed_in_random_chunk_sizes_come_out_whole()
    {
        var frames = samples.Pipe.Frames;
        var random = new Random(42);
        using var splitter = new JpegFrameSplitter();

        var output = Feed(splitter, Concat(frames), _ => random.Next(1, 40_000));

        AssertFrames(frames, output);
        Assert.Equal(frames.Count, splitter.Frames);
    }

    [Fact]
    public void Ffmpeg_image2pipe_output_read_from_a_stream_splits_into_the_encoded_frames()
    {
        var (frames, streamPath) = samples.Pipe;
        using var stream = File.OpenRead(streamPath);
        using var splitter = new JpegFrameSplitter();
        var output = new List<byte[]>();

        int read;
        while ((read = stream.Read(splitter.GetMemory(4096).Span)) > 0)
        {
            splitter.Advance(read);
            while (splitter.TryReadFrame(out var frame))
            {
                output.Add(frame.ToArray());
            }
        }

        AssertFrames(frames, output);
        Assert.All(output, frame => Assert.True(JpegInspector.Inspect(frame.AsSpan()).IsValid));
    }

    [Fact]
    public void Garbage_between_frames_is_skipped_and_counted()
    {
        var frames = samples.Pipe.Frames;
        var random = new Random(3);
        var stream = new List<byte>();
        var garbageBytes = 0;
        foreach (var frame in frames)
        {
            // Garbage with lone 0xFF and 0xFF 0xD8 pairs that are not followed by another 0xFF.
            byte[] garbage = [.. Enumerable.Range(0, random.Next(0, 300)).Select(_ => (byte)random.Next(0, 255)), 0xFF, 0xD8, 0x00, 0xFF];
            stream.AddRange(garbage);
            stream.AddRange(frame);
            garbageBytes += garbage.Length;
        }

        using var splitter = new JpegFrameSplitter();
        var output = Feed(splitter, stream.ToArray(), _ => random.Next(1, 5000));

        AssertFrames(frames, output);
        Assert.Equal(garbageBytes, splitter.SkippedBytes);
        Assert.Equal(0, splitter.MalformedFrames);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(100_000)]
    public void Oversize_frame_is_dropped_and_splitting_resumes_at_the_next_frame(int chunkSize)
    {
        var small = samples.White;
        var big = samples.TestCard;
        using var splitter = new JpegFrameSplitter(maxFrameBytes: big.Length - 1);

        var output = Feed(splitter, Concat([small, big, small, big, big, small]), _ => chunkSize);

        AssertFrames([small, small, small], output);
        Assert.Equal(3, splitter.OversizeFrames);
        Assert.Equal(3L * big.Length, splitter.SkippedBytes);
    }

    [Fact]
    public void Frame_cut_off_by_the_next_frame_is_dropped_as_malformed()
    {
        var frames = samples.Pipe.Frames;
        var cut = frames[0].AsSpan(0, frames[0].Length / 2).ToArray();
        using var splitter = new JpegFrameSplitter();

        var output = Feed(splitter, Concat([cut, frames[1], frames[2]]), _ => 777);

        AssertFrames([frames[1], frames[2]], output);
        Assert.Equal(1, splitter.MalformedFrames);
        Assert.Equal(cut.Length, splitter.SkippedBytes);
    }

    [Fact]
    public void Thumbnail_inside_an_APP1_segment_does_not_end_the_frame()
    {
        var thumbnail = samples.White;
        var main = samples.Pipe.Frames[0];
        var segmentLength = 2 + thumbnail.Length;
        byte[] frame =
        [
            0xFF, 0xD8, 0xFF, 0xE1, (byte)(segmentLength >> 8), (byte)segmentLength, .. thumbnail, .. main.AsSpan(2),
        ];
        using var splitter = new JpegFrameSplitter();

        var output = Feed(splitter, Concat([frame, main]), _ => 100);

        AssertFrames([frame, main], output);
        Assert.Equal(new JpegHeader(640, 360), TurboJpeg.ReadHeader(output[0]));
    }

    private static List<byte[]> Feed(JpegFrameSplitter splitter, byte[] stream, Func<int, int> chunkSize)
    {
        var output = new List<byte[]>();
        for (var position = 0; position < stream.Length;)
        {
            var length = Math.Min(chunkSize(position), stream.Length - position);
            splitter.Write(stream.AsSpan(position, length));
            position += length;
            while (splitter.TryReadFrame(out var frame))
            {
                output.Add(frame.ToArray());
            }
        }

        return output;
    }

    private static byte[] Concat(IEnumerable<byte[]> frames) => frames.SelectMany(f => f).ToArray();

    private static void AssertFrames(IReadOnlyList<byte[]> expected, List<byte[]> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i].AsSpan().SequenceEqual(actual[i]), $"frame {i} differs");
        }
    }
}
