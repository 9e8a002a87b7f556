using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Events;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Images;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Tests.Fixtures;
using Orleans.Core.Internal;

namespace IngestionCluster.Tests.Grains;

public sealed class CameraGrainTests
{
    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Motion_is_reported_for_a_moving_block_and_not_for_a_static_scene(StorageKind storage)
    {
        await using var product = await ProductCluster.StartAsync(storage);
        var camera = product.Grains.GetCamera("yard");
        await camera.Register(new CameraRegistration(CameraSourceType.HttpPush, Persist: new PersistencePolicy(PersistMode.Motion)));

        var still = new List<FramePushResult>();
        foreach (var frame in SharedJpegs.Samples.StaticScene)
        {
            still.Add(await camera.PushFrame(new FrameData(frame)));
        }
        Assert.All(still.Where(r => !r.Calibrating), r => Assert.False(r.Motion, $"frame {r.Sequence} of a static scene reported motion (area {r.Area})"));
        Assert.Contains(still, r => r.Calibrating);

        await camera.Unregister();
        await camera.Register(new CameraRegistration(CameraSourceType.HttpPush, Persist: new PersistencePolicy(PersistMode.Motion)));
        var moving = new List<FramePushResult>();
        var pushing = System.Diagnostics.Stopwatch.StartNew();
        foreach (var frame in SharedJpegs.Samples.MovingBlock)
        {
            moving.Add(await camera.PushFrame(new FrameData(frame)));
        }
        pushing.Stop();
        var withMotion = moving.Where(r => r.Motion).ToList();
        Assert.True(withMotion.Count >= 10, $"only {withMotion.Count} frames with motion");
        // The 160×160 block is 20×20 at 1/8 scale; a jump leaves and covers two such areas, blurred a little.
        Assert.All(withMotion, r => Assert.InRange(r.Area, 350, 1100));
        Assert.All(withMotion, r => Assert.NotNull(r.ImageId));

        var rows = await CaptureSessionTests.WaitForImagesAsync(product, "yard", withMotion.Count);
        Assert.Equal(withMotion.Count, rows.Count);
        Assert.All(rows, r => Assert.Equal(ImageSource.Http, r.Source));
        // Every frame with motion says so in its frame.ingested event; motion.detected waits out the 5 s cooldown between two.
        await Eventually.TrueAsync(() => FramesOf(product, "yard").Count(e => e.GetProperty("motion").GetBoolean()) >= withMotion.Count, TimeSpan.FromSeconds(10), "frame.ingested events with motion");
        var announced = product.EventsOfType(CameraEventTypes.MotionDetected).Where(e => e.GetProperty("camera_id").GetString() == "yard").ToList();
        Assert.InRange(announced.Count, 1, 1 + (int)(pushing.Elapsed / TimeSpan.FromSeconds(5)));
        Assert.InRange(announced[0].GetProperty("area").GetInt32(), 350, 1100);
        Assert.Equal(withMotion[0].Sequence, announced[0].GetProperty("sequence").GetInt64());
    }

    [Fact]
    public async Task Without_a_motion_event_cooldown_every_frame_with_motion_is_announced()
    {
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone, settings: new Dictionary<string, string?> { ["Ingest:MotionEventCooldown"] = "00:00:00" });
        var camera = product.Grains.GetCamera("lane");
        await camera.Register(new CameraRegistration(CameraSourceType.HttpPush));
        var withMotion = new List<long>();
        foreach (var frame in SharedJpegs.Samples.MovingBlock)
        {
            if (await camera.PushFrame(new FrameData(frame)) is { Motion: true } result)
            {
                withMotion.Add(result.Sequence);
            }
        }

        Assert.True(withMotion.Count >= 10, $"only {withMotion.Count} frames with motion");
        await Eventually.TrueAsync(() => product.EventsOfType(CameraEventTypes.MotionDetected).Count() >= withMotion.Count, TimeSpan.FromSeconds(10), "motion.detected events");
        Assert.Equal(withMotion, product.EventsOfType(CameraEventTypes.MotionDetected).Select(e => e.GetProperty("sequence").GetInt64()).Order());
    }

    [Fact]
    public async Task A_motion_event_follows_the_first_frame_with_motion_after_the_cooldown()
    {
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone, settings: new Dictionary<string, string?> { ["Ingest:MotionEventCooldown"] = "00:00:01" });
        var camera = product.Grains.GetCamera("gate");
        await camera.Register(new CameraRegistration(CameraSourceType.HttpPush));
        var frames = SharedJpegs.Samples.MovingBlock;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var withMotion = 0;
        for (var i = 0; i < frames.Count; i++)
        {
            if (i == frames.Count / 2)
            {
                // Past the cooldown: the next frame with motion is announced again.
                await Task.Delay(TimeSpan.FromSeconds(1.2));
            }
            withMotion += (await camera.PushFrame(new FrameData(frames[i]))).Motion ? 1 : 0;
        }
        var elapsed = clock.Elapsed;

        await Eventually.TrueAsync(() => product.EventsOfType(CameraEventTypes.MotionDetected).Count() >= 2, TimeSpan.FromSeconds(10), "a second motion.detected after the pause");
        Assert.InRange(product.EventsOfType(CameraEventTypes.MotionDetected).Count(), 2, Math.Min(withMotion, 2 + (int)elapsed.TotalSeconds));
    }

    private static IEnumerable<System.Text.Json.JsonElement> FramesOf(ProductCluster product, string cameraId) =>
        product.EventsOfType(CameraEventTypes.FrameIngested).Where(e => e.GetProperty("camera_id").GetString() == cameraId);

    [Fact]
    public async Task A_push_retried_with_the_same_bytes_and_timestamp_gets_the_first_answer_and_is_stored_once()
    {
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var camera = product.Grains.GetCamera("retrying");
        await camera.Register(new CameraRegistration(CameraSourceType.HttpPush, Persist: new PersistencePolicy(PersistMode.All)));
        var stamp = DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_250);
        var frame = SharedJpegs.Samples.StaticScene[0];

        var first = await camera.PushFrame(new FrameData(frame, stamp));
        // The client never got that answer (a timeout) and sends the frame again.
        var retried = await camera.PushFrame(new FrameData(frame, stamp));

        Assert.Equal(first, retried);
        Assert.Equal(1, (await camera.GetInfo())!.FramesReceived);
        Assert.Single(await CaptureSessionTests.ImagesAsync(product, "retrying"));
        // The same bytes at another time, and bytes without a timestamp of their own, are new frames.
        Assert.NotEqual(first.Sequence, (await camera.PushFrame(new FrameData(frame, stamp.AddSeconds(1)))).Sequence);
        var unstamped = await camera.PushFrame(new FrameData(frame));
        Assert.NotEqual(unstamped.Sequence, (await camera.PushFrame(new FrameData(frame))).Sequence);
        Assert.Equal(4, (await camera.GetInfo())!.FramesReceived);
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task A_stored_push_retried_after_the_camera_s_activation_was_lost_gets_the_first_answer_and_is_stored_once(StorageKind storage)
    {
        await using var product = await ProductCluster.StartAsync(storage);
        var camera = product.Grains.GetCamera("retry-after-move");
        await camera.Register(new CameraRegistration(CameraSourceType.HttpPush, Persist: new PersistencePolicy(PersistMode.All)));
        // Finer than the microseconds a database keeps.
        var stamp = DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_250).AddTicks(3);
        var frames = SharedJpegs.Samples.StaticScene;
        await camera.PushFrame(new FrameData(frames[0], stamp.AddSeconds(-1)));
        var first = await camera.PushFrame(new FrameData(frames[1], stamp));

        // Its silo died after storing the frame, before the answer went out: the client retries, and a new activation takes it.
        await camera.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var retried = await camera.PushFrame(new FrameData(frames[1], stamp));

        Assert.Equal(first with { Calibrating = false }, retried);
        Assert.Equal(2, (await CaptureSessionTests.ImagesAsync(product, "retry-after-move")).Count);
        // Other bytes at that time, and the same bytes at another time, are new frames, stored.
        var other = await camera.PushFrame(new FrameData(frames[2], stamp));
        var later = await camera.PushFrame(new FrameData(frames[1], stamp.AddSeconds(1)));
        Assert.All(new[] { other, later }, answer => Assert.True(answer.Sequence > first.Sequence, $"sequence {answer.Sequence} after {first.Sequence}"));
        Assert.Equal(4, (await CaptureSessionTests.ImagesAsync(product, "retry-after-move")).Count);
    }

    [Fact]
    public async Task A_push_whose_storing_failed_is_stored_under_its_first_sequence_when_retried_and_buffered_once()
    {
        await using var s3 = await TestServers.StartPrivateAsync<S3Server>();
        await using var product = await ProductCluster.StartAsync(StorageKind.Cluster, s3: s3);
        var camera = product.Grains.GetCamera("retry-after-outage");
        await camera.Register(new CameraRegistration(CameraSourceType.HttpPush, Persist: new PersistencePolicy(PersistMode.All)));
        var stamp = DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_500);
        var frame = SharedJpegs.Samples.StaticScene[0];

        await s3.StopAsync();
        // The client gets an error: the frame was taken but could not be stored.
        Assert.NotNull(await Record.ExceptionAsync(() => camera.PushFrame(new FrameData(frame, stamp))));
        await s3.StartAsync();
        FramePushResult? retried = null;
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                retried = await camera.PushFrame(new FrameData(frame, stamp));
                return true;
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "the retried push is stored once S3 is back");

        var stored = Assert.Single(await CaptureSessionTests.ImagesAsync(product, "retry-after-outage"));
        Assert.Equal(stored.ImageId, retried!.ImageId);
        Assert.Equal(1, (await camera.GetInfo())!.FramesReceived);
        Assert.Equal(retried.Sequence, Assert.Single(await camera.GetBufferedFrames()).Sequence);
    }

    [Fact]
    public async Task The_ring_buffer_keeps_the_latest_frame_with_a_monotonic_sequence()
    {
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var camera = product.Grains.GetCamera("door");
        await camera.Register(new CameraRegistration(CameraSourceType.HttpPush, BufferSize: 3, Persist: new PersistencePolicy(PersistMode.None)));
        Assert.Null(await camera.GetLatestFrame());

        var stamp = DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_123);
        var sequences = new List<long>();
        foreach (var frame in SharedJpegs.Samples.StaticScene.Take(5))
        {
            sequences.Add((await camera.PushFrame(new FrameData(frame, stamp))).Sequence);
        }

        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(5, sequences.Distinct().Count());
        var latest = await camera.GetLatestFrame();
        Assert.NotNull(latest);
        Assert.Equal(SharedJpegs.Samples.StaticScene[4], latest.Jpeg);
        Assert.Equal(sequences[^1], latest.Sequence);
        Assert.Equal(stamp, latest.Timestamp);
        var info = await camera.GetInfo();
        Assert.Equal(3, info!.FramesBuffered);
        Assert.Equal(5, info.FramesReceived);
        Assert.Empty(await CaptureSessionTests.ImagesAsync(product, "door"));

        // A camera registered again continues its sequence.
        await camera.Unregister();
        await camera.Register(new CameraRegistration(CameraSourceType.HttpPush));
        Assert.True((await camera.PushFrame(new FrameData(SharedJpegs.Samples.TestCard))).Sequence > sequences[^1]);
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Sequence_numbers_continue_without_reuse_after_the_camera_moves_to_another_silo(StorageKind storage)
    {
        await using var product = await ProductCluster.StartAsync(storage, silos: 2);
        var camera = product.Grains.GetCamera("moving");
        await camera.Register(new CameraRegistration(CameraSourceType.HttpPush, Persist: new PersistencePolicy(PersistMode.None)));
        var before = new List<long>();
        foreach (var frame in SharedJpegs.Samples.StaticScene.Take(3))
        {
            before.Add((await camera.PushFrame(new FrameData(frame))).Sequence);
        }
        var owner = await product.SiloOfAsync(camera) ?? throw new InvalidOperationException("the camera is not active");

        // Its silo leaves the cluster (gracefully): the next call activates the camera on the other silo, from its stored state.
        await product.Cluster.StopSiloAsync(owner);
        var after = new List<long>();
        foreach (var frame in SharedJpegs.Samples.StaticScene.Skip(3).Take(3))
        {
            after.Add((await camera.PushFrame(new FrameData(frame))).Sequence);
        }

        var now = await product.SiloOfAsync(camera);
        Assert.NotNull(now);
        Assert.NotEqual(owner.SiloAddress, now.SiloAddress);
        Assert.Equal(after.Order(), after);
        Assert.True(after[0] > before[^1], $"sequences before the move {string.Join(", ", before)}, after {string.Join(", ", after)}");
        Assert.Equal(6, before.Concat(after).Distinct().Count());
        Assert.Equal(after[^1], (await camera.GetLatestFrame())!.Sequence);
    }

    [Theory]
    [InlineData(PersistMode.All, 1, 6)]
    [InlineData(PersistMode.EveryN, 3, 2)]
    [InlineData(PersistMode.None, 1, 0)]
    public async Task Frames_are_persisted_by_policy(PersistMode mode, int everyN, int expected)
    {
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var id = $"policy-{mode}".ToLowerInvariant();
        var camera = product.Grains.GetCamera(id);
        await camera.Register(new CameraRegistration(CameraSourceType.HttpPush, Persist: new PersistencePolicy(mode, everyN)));

        var results = new List<FramePushResult>();
        foreach (var frame in SharedJpegs.Samples.StaticScene.Take(6))
        {
            results.Add(await camera.PushFrame(new FrameData(frame)));
        }

        Assert.Equal(expected, results.Count(r => r.ImageId is not null));
        Assert.Equal(expected, (await CaptureSessionTests.ImagesAsync(product, id)).Count);
    }

    [Fact]
    public async Task Registration_is_validated_idempotent_and_a_different_one_replaces_the_settings()
    {
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var camera = product.Grains.GetCamera("gate");
        var registration = new CameraRegistration(CameraSourceType.Rtsp, "rtsp://user:secret@10.1.2.3:554/stream", Fps: 2);

        var info = await camera.Register(registration);
        Assert.Equal("rtsp://***@10.1.2.3:554/stream", info.SourceUrl);
        Assert.Equal(2, (await camera.Register(registration)).Fps);
        var replaced = await camera.Register(registration with { Fps = 5, BufferSize = 12 });
        Assert.Equal(5, replaced.Fps);
        Assert.Equal(12, replaced.BufferSize);
        Assert.Equal(5, (await camera.GetInfo())!.Fps);

        var updated = await camera.Update(new CameraSettingsPatch(Fps: 5, BufferSize: 10));
        Assert.Equal(5, updated.Fps);
        Assert.Equal(10, updated.BufferSize);
        Assert.DoesNotContain("secret", updated.SourceUrl, StringComparison.Ordinal);

        var invalid = await Assert.ThrowsAsync<ArgumentException>(() => camera.Update(new CameraSettingsPatch(Fps: 0)));
        Assert.Contains("fps", invalid.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() =>
            product.Grains.GetCamera("other").Register(new CameraRegistration(CameraSourceType.Rtsp)));
        await Assert.ThrowsAsync<InvalidIdException>(() =>
            product.Grains.GetCamera(".hidden").Register(new CameraRegistration(CameraSourceType.HttpPush)));

        await camera.Unregister();
        Assert.Null(await camera.GetInfo());
        await Assert.ThrowsAsync<CameraNotFoundException>(() => camera.Unregister());
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task The_cameras_list_catches_up_with_a_registration_and_a_removal_whose_list_write_failed(StorageKind storage)
    {
        await using var product = await ProductCluster.StartAsync(storage);
        var camera = product.Grains.GetCamera("listed");
        var frame = new FrameData(SharedJpegs.Samples.TestCard);

        // The camera registers itself on its first frame, and its state is saved, while the list's table is out of reach.
        await MoveCamerasTableAsync(product, "cameras", "cameras_away");
        await Assert.ThrowsAnyAsync<Exception>(() => camera.PushFrame(frame));
        await MoveCamerasTableAsync(product, "cameras_away", "cameras");
        Assert.DoesNotContain("listed", await ListedCamerasAsync(product));

        // The frame sent again is taken, by a new activation, which also writes the list row.
        await Eventually.TrueAsync(async () => await SucceedsAsync(() => camera.PushFrame(frame)), TimeSpan.FromSeconds(30), "the frame sent again is taken");
        Assert.Contains("listed", await ListedCamerasAsync(product));

        // The same for a removal whose list write failed: the camera is gone, and so is its row, on the next activation.
        await MoveCamerasTableAsync(product, "cameras", "cameras_away");
        await Assert.ThrowsAnyAsync<Exception>(() => camera.Unregister());
        await MoveCamerasTableAsync(product, "cameras_away", "cameras");
        Assert.Contains("listed", await ListedCamerasAsync(product));
        await Eventually.TrueAsync(async () => await camera.GetInfo() is null && !(await ListedCamerasAsync(product)).Contains("listed"),
            TimeSpan.FromSeconds(30), "the removed camera leaves the list");
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task A_frame_whose_row_could_not_be_written_leaves_no_blob_behind_once_the_database_answers_again(StorageKind storage)
    {
        await using var product = await ProductCluster.StartAsync(storage);
        var camera = product.Grains.GetCamera("unrowed");
        await camera.Register(new CameraRegistration(CameraSourceType.HttpPush, Persist: new PersistencePolicy(PersistMode.All)));
        var frames = SharedJpegs.Samples.StaticScene;
        var retried = DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_500);
        // A first push with a timestamp reads the camera's stored frames back (a retry's look-up), so those below get as far as their rows.
        await camera.PushFrame(new FrameData(frames[0], retried.AddSeconds(-1)));

        // Both frames' blobs are written, their rows are not: each push is answered with an error.
        await MoveCamerasTableAsync(product, "images", "images_away");
        await Assert.ThrowsAnyAsync<Exception>(() => camera.PushFrame(new FrameData(frames[1])));
        await Assert.ThrowsAnyAsync<Exception>(() => camera.PushFrame(new FrameData(frames[2], retried)));
        await MoveCamerasTableAsync(product, "images_away", "images");
        Assert.Equal(3, (await product.Blobs.ListAsync(BlobKey.Parse("images/unrowed"))).Count);

        // The next frame stored clears the blobs without a row; the timestamped push sent again is stored under its first image id.
        await camera.PushFrame(new FrameData(frames[3]));
        var retry = await camera.PushFrame(new FrameData(frames[2], retried));
        Assert.NotNull(retry.ImageId);

        var rows = await CaptureSessionTests.WaitForImagesAsync(product, "unrowed", 3);
        var blobKeys = (await product.Blobs.ListAsync(BlobKey.Parse("images/unrowed"))).Select(b => b.Key.Value).Order().ToList();
        Assert.Equal(rows.Select(r => r.ObjectKey).Order().ToList(), blobKeys);
        Assert.Contains(rows, r => r.ImageId == retry.ImageId);
    }

    [Fact]
    public async Task Frames_are_taken_at_once_while_Redis_hangs_and_their_events_are_lost_not_waited_for()
    {
        await using var redis = await TestServers.StartPrivateAsync<RedisServer>();
        await using var product = await ProductCluster.StartAsync(StorageKind.Cluster, redis: redis);
        var camera = product.Grains.GetCamera("events-hung");
        await camera.Register(new CameraRegistration(CameraSourceType.HttpPush, Persist: new PersistencePolicy(PersistMode.All)));
        var frames = SharedJpegs.Samples.MovingBlock;
        await camera.PushFrame(new FrameData(frames[0]));

        // Redis takes the connection's bytes and never answers: each publish would wait out the client's 5 s timeout.
        redis.Suspend();
        try
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            for (var i = 1; i <= 3; i++)
            {
                Assert.NotNull((await camera.PushFrame(new FrameData(frames[i]))).ImageId);
            }
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"3 frames took {started.Elapsed.TotalSeconds:0.0} s while Redis hung");
        }
        finally
        {
            redis.Resume();
        }
        await CaptureSessionTests.WaitForImagesAsync(product, "events-hung", 4);
    }

    private static Task MoveCamerasTableAsync(ProductCluster product, string from, string to) =>
        product.Database.ExecuteAsync($"ALTER TABLE {from} RENAME TO {to}", null, CancellationToken.None);

    private static async Task<IReadOnlyList<string>> ListedCamerasAsync(ProductCluster product) =>
        (await product.Metadata.ListCameraIdsAsync(0, 1000, CancellationToken.None)).Items;

    private static async Task<bool> SucceedsAsync(Func<Task> call)
    {
        try
        {
            await call();
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }
}
