using IngestionCluster.Grains.Cameras;

namespace IngestionCluster.Tests.Ui.Grains;

public sealed class MotionHistoryTests
{
    private static readonly DateTimeOffset _start = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Frames_and_motion_are_counted_per_minute_over_the_hour_ending_now()
    {
        var history = new MotionHistory(_start);
        history.Record(_start.AddSeconds(5), motion: false, area: 0);
        history.Record(_start.AddSeconds(30), motion: true, area: 120);
        history.Record(_start.AddSeconds(59), motion: true, area: 80);
        history.Record(_start.AddMinutes(2).AddSeconds(1), motion: false, area: 0);

        var timeline = history.Snapshot(_start.AddMinutes(2).AddSeconds(30));

        Assert.Equal(MotionHistory.BucketCount, timeline.Buckets.Count);
        Assert.Equal(_start.AddMinutes(-57), timeline.From);
        Assert.Equal(_start.AddMinutes(3), timeline.To);
        Assert.Equal(_start, timeline.TrackedSince);
        var first = timeline.Buckets[^3];
        Assert.Equal((_start, 3, 2, 120), (first.Start, first.Frames, first.MotionFrames, first.MaxArea));
        Assert.Equal((0, 0), (timeline.Buckets[^2].Frames, timeline.Buckets[^2].MotionFrames));
        Assert.Equal((1, 0), (timeline.Buckets[^1].Frames, timeline.Buckets[^1].MotionFrames));
        Assert.Equal(4, timeline.Buckets.Sum(bucket => bucket.Frames));
    }

    [Fact]
    public void Minutes_older_than_an_hour_are_forgotten_even_when_their_slot_is_not_reused()
    {
        var history = new MotionHistory(_start);
        history.Record(_start, motion: true, area: 50);
        Assert.Equal(1, history.Snapshot(_start.AddMinutes(59)).Buckets[0].MotionFrames);
        Assert.All(history.Snapshot(_start.AddMinutes(60)).Buckets, bucket => Assert.Equal(0, bucket.Frames));

        history.Record(_start.AddMinutes(60), motion: false, area: 0);
        var later = history.Snapshot(_start.AddMinutes(60));
        Assert.Equal((1, 0), (later.Buckets[^1].Frames, later.Buckets[^1].MotionFrames));
    }

    [Fact]
    public void Reset_forgets_everything_and_tracks_from_then_on()
    {
        var history = new MotionHistory(_start);
        history.Record(_start.AddSeconds(1), motion: true, area: 9);
        history.Reset(_start.AddSeconds(2));
        var timeline = history.Snapshot(_start.AddSeconds(3));
        Assert.Equal(_start.AddSeconds(2), timeline.TrackedSince);
        Assert.All(timeline.Buckets, bucket => Assert.Equal(0, bucket.Frames));
    }
}
