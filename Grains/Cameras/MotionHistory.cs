using IngestionCluster.Grains.Abstractions.Cameras;

namespace IngestionCluster.Grains.Cameras;

/// <summary>
/// Frames and motion per minute over the last hour, by arrival time: a fixed ring of 60 counters, so a
/// camera's memory stays the same whatever its frame rate.
/// </summary>
internal sealed class MotionHistory(DateTimeOffset trackedSince)
{
    public const int BucketSeconds = 60;
    public const int BucketCount = 60;

    private readonly Bucket[] _buckets = CreateEmpty();

    public DateTimeOffset TrackedSince { get; private set; } = trackedSince;

    public void Record(DateTimeOffset arrivedAt, bool motion, int area)
    {
        var minute = MinuteOf(arrivedAt);
        ref var bucket = ref _buckets[Slot(minute)];
        if (bucket.Minute != minute)
        {
            bucket = new Bucket { Minute = minute };
        }
        bucket.Frames++;
        if (motion)
        {
            bucket.MotionFrames++;
            bucket.MaxArea = Math.Max(bucket.MaxArea, area);
        }
    }

    /// <summary>Forgets everything (the camera was deleted); tracking starts again at <paramref name="now"/>.</summary>
    public void Reset(DateTimeOffset now)
    {
        Array.Fill(_buckets, new Bucket { Minute = -1 });
        TrackedSince = now;
    }

    /// <summary>The hour ending with the minute of <paramref name="now"/>, oldest minute first, empty minutes included.</summary>
    public MotionTimeline Snapshot(DateTimeOffset now)
    {
        var current = MinuteOf(now);
        var first = current - BucketCount + 1;
        var buckets = new MotionBucket[BucketCount];
        for (var i = 0; i < BucketCount; i++)
        {
            var minute = first + i;
            var bucket = _buckets[Slot(minute)];
            var start = DateTimeOffset.FromUnixTimeSeconds(minute * BucketSeconds);
            buckets[i] = bucket.Minute == minute
                ? new MotionBucket(start, bucket.Frames, bucket.MotionFrames, bucket.MaxArea)
                : new MotionBucket(start, 0, 0, 0);
        }
        return new MotionTimeline(
            DateTimeOffset.FromUnixTimeSeconds(first * BucketSeconds),
            DateTimeOffset.FromUnixTimeSeconds((current + 1) * BucketSeconds),
            BucketSeconds,
            TrackedSince,
            buckets);
    }

    private static long MinuteOf(DateTimeOffset time) => Math.DivRem(time.ToUnixTimeSeconds(), BucketSeconds).Quotient;

    private static int Slot(long minute) => (int)(((minute % BucketCount) + BucketCount) % BucketCount);

    private static Bucket[] CreateEmpty()
    {
        var buckets = new Bucket[BucketCount];
        Array.Fill(buckets, new Bucket { Minute = -1 });
        return buckets;
    }

    private struct Bucket
    {
        public long Minute;
        public int Frames;
        public int MotionFrames;
        public int MaxArea;
    }
}
