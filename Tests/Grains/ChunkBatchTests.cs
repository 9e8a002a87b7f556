using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.DeadLetters;
using IngestionCluster.Grains.Abstractions.Events;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Sessions;
using IngestionCluster.Tests.Fixtures;

namespace IngestionCluster.Tests.Grains;

/// <summary>A camera's burst of chunks handed over in one call, as the MQTT bridge hands what queued up on a camera's lane.</summary>
public sealed class ChunkBatchTests
{
    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task A_burst_gets_one_receipt_per_chunk_in_order_and_its_bad_chunks_do_not_spoil_the_good_ones(StorageKind storage)
    {
        await using var product = await ProductCluster.StartAsync(storage);
        var camera = product.Grains.GetCamera("cam-burst");
        var first = Chunks.Split(SharedJpegs.Samples.TestCard, 15, "cam-burst", "burst-1");
        var second = Chunks.Split(SharedJpegs.Samples.White, 3, "cam-burst", "burst-2");
        ImageChunk[] burst =
        [
            first[0], first[1], first[1], first[2],
            first[2] with { Data = second[0].Data },
            new ImageChunk("cam-burst", 99, 15, first[3].Data, "burst-1"),
            .. first.Skip(3),
            .. second,
        ];

        var receipts = await camera.ReceiveChunks(burst);

        ChunkOutcome[] expected =
        [
            ChunkOutcome.Staged, ChunkOutcome.Staged, ChunkOutcome.Duplicate, ChunkOutcome.Staged,
            ChunkOutcome.Rejected, ChunkOutcome.Rejected,
            .. Enumerable.Repeat(ChunkOutcome.Staged, 11), ChunkOutcome.Completed,
            ChunkOutcome.Staged, ChunkOutcome.Staged, ChunkOutcome.Completed,
        ];
        Assert.Equal(expected, receipts.Select(receipt => receipt.Outcome));
        Assert.Equal([ChunkRejectionReason.ConflictingData, ChunkRejectionReason.IndexOutOfRange], receipts.Where(r => r.Outcome == ChunkOutcome.Rejected).Select(r => r.Reason));
        var stored = await CaptureSessionTests.WaitForImagesAsync(product, "cam-burst", 2);
        Assert.Equal(new[] { SharedJpegs.Samples.TestCard, SharedJpegs.Samples.White }.Select(CaptureSessionTests.Sha256).Order(), stored.Select(row => row.Sha256).Order());
        var letters = (await product.Grains.GetDeadLetters().List(0, 100)).Items.Where(letter => letter.CameraId == "cam-burst").ToList();
        Assert.Equal([ChunkRejectionReason.ConflictingData, ChunkRejectionReason.IndexOutOfRange], letters.Select(letter => letter.Reason).Order());
    }

    [Fact]
    public async Task A_hand_off_larger_than_a_camera_remembers_is_refused_whole()
    {
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var camera = product.Grains.GetCamera("cam-big");
        var chunks = Chunks.Split(SharedJpegs.Samples.TestCard, ChunkHandOffLimits.MaxChunks + 1, "cam-big", "big-1");

        var refusal = await Assert.ThrowsAsync<ArgumentException>(() => camera.ReceiveChunks([.. chunks]));

        Assert.Contains($"at most {ChunkHandOffLimits.MaxChunks} chunks", refusal.Message);
        Assert.Equal(ChunkOutcome.Staged, (await camera.ReceiveChunks([.. chunks.Take(ChunkHandOffLimits.MaxChunks)]))[^1].Outcome);
        Assert.Equal(ChunkOutcome.Completed, (await camera.ReceiveChunk(chunks[^1])).Outcome);
    }

    [Fact]
    public async Task A_burst_whose_staging_fails_is_taken_back_whole_so_its_retry_stages_every_chunk_again()
    {
        await using var redis = await TestServers.StartPrivateAsync<RedisServer>();
        await using var product = await ProductCluster.StartAsync(StorageKind.Cluster, redis: redis);
        var camera = product.Grains.GetCamera("cam-undo");
        var chunks = Chunks.Split(SharedJpegs.Samples.TestCard, 10, "cam-undo", "undo-1");
        Assert.Equal(ChunkOutcome.Staged, (await camera.ReceiveChunk(chunks[0])).Outcome);

        await redis.StopAsync();
        var failure = await Record.ExceptionAsync(() => camera.ReceiveChunks([.. chunks.Skip(1).Take(4)]));
        Assert.NotNull(failure);
        await redis.StartAsync();

        // Not "duplicate": nothing of the failed burst may count as staged, or its redelivery would be acknowledged unstaged.
        ChunkReceipt[] retried = [];
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                retried = await camera.ReceiveChunks([.. chunks.Skip(1).Take(4)]);
                return true;
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "the burst is staged once Redis is back");
        Assert.All(retried, receipt => Assert.Equal(ChunkOutcome.Staged, receipt.Outcome));
        var rest = await camera.ReceiveChunks([.. chunks.Skip(5)]);
        Assert.Equal(ChunkOutcome.Completed, rest[^1].Outcome);
        var stored = await CaptureSessionTests.WaitForImagesAsync(product, "cam-undo", 1, TimeSpan.FromSeconds(60));
        Assert.Equal(CaptureSessionTests.Sha256(SharedJpegs.Samples.TestCard), Assert.Single(stored).Sha256);
    }

    [Fact]
    public async Task A_session_whose_chunks_keep_coming_while_Redis_is_down_is_not_stale_and_its_image_is_stored_once_Redis_is_back()
    {
        await using var redis = await TestServers.StartPrivateAsync<RedisServer>();
        await using var product = await ProductCluster.StartAsync(StorageKind.Cluster, redis: redis,
            settings: new Dictionary<string, string?> { ["Ingest:SessionStaleTimeout"] = "00:00:02" });
        var camera = product.Grains.GetCamera("cam-patient");
        var chunks = Chunks.Split(SharedJpegs.Samples.TestCard, 3, "cam-patient");
        Assert.Equal(ChunkOutcome.Staged, (await camera.ReceiveChunk(chunks[0])).Outcome);

        await redis.StopAsync();
        // The gateway retries a hand-off that fails for longer than the stale timeout, and goes on while Redis starts
        // again (which may itself take longer than the timeout): the camera is still sending.
        var outageEnds = DateTime.UtcNow + TimeSpan.FromSeconds(6);
        var deadline = outageEnds + TimeSpan.FromSeconds(60);
        Task? restart = null;
        var rest = await HandOverUntilTakenAsync(camera, [.. chunks.Skip(1)], deadline, beforeEachTry: () =>
        {
            if (restart is null && DateTime.UtcNow >= outageEnds)
            {
                restart = redis.StartAsync();
            }
        });
        Assert.True(restart is not null, "a hand-off was staged while Redis was down");
        await restart;
        await AssertStoredOnceAndNotStaleAsync(product, "cam-patient", rest);
    }

    [Fact]
    public async Task A_session_whose_chunks_wait_upstream_while_Redis_is_down_for_longer_than_the_stale_timeout_is_not_stale()
    {
        await using var redis = await TestServers.StartPrivateAsync<RedisServer>();
        await using var product = await ProductCluster.StartAsync(StorageKind.Cluster, redis: redis,
            settings: new Dictionary<string, string?> { ["Ingest:SessionStaleTimeout"] = "00:00:02" });
        var camera = product.Grains.GetCamera("cam-held-upstream");
        var chunks = Chunks.Split(SharedJpegs.Samples.TestCard, 3, "cam-held-upstream");
        Assert.Equal(ChunkOutcome.Staged, (await camera.ReceiveChunk(chunks[0])).Outcome);

        // Nothing reaches the session meanwhile: the bridge's leader, which lost Redis too, stepped down, and the broker
        // keeps the camera's next chunks. Four stale timeouts pass.
        await redis.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(8));
        await redis.StartAsync();
        var rest = await HandOverUntilTakenAsync(camera, [.. chunks.Skip(1)], DateTime.UtcNow + TimeSpan.FromSeconds(60));
        await AssertStoredOnceAndNotStaleAsync(product, "cam-held-upstream", rest);
    }

    /// <summary>Hands the chunks over until a call takes them, as the gateway retries a failed hand-off.</summary>
    private static async Task<ChunkReceipt[]> HandOverUntilTakenAsync(ICameraGrain camera, ImageChunk[] chunks, DateTime deadline, Action? beforeEachTry = null)
    {
        while (true)
        {
            beforeEachTry?.Invoke();
            try
            {
                return await camera.ReceiveChunks(chunks);
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.True(DateTime.UtcNow < deadline, $"the rest of the image was not staged within 60 s of Redis starting again: {e.Message}");
                await Task.Delay(TimeSpan.FromMilliseconds(300));
            }
        }
    }

    private static async Task AssertStoredOnceAndNotStaleAsync(ProductCluster product, string cameraId, ChunkReceipt[] lastHandOff)
    {
        Assert.Equal(ChunkOutcome.Completed, lastHandOff[^1].Outcome);
        var stored = await CaptureSessionTests.WaitForImagesAsync(product, cameraId, 1, TimeSpan.FromSeconds(60));
        Assert.Equal(CaptureSessionTests.Sha256(SharedJpegs.Samples.TestCard), Assert.Single(stored).Sha256);
        Assert.Empty(await product.Metadata.ListStaleSessionsAsync(cameraId, CancellationToken.None));
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task A_stale_session_whose_closing_state_write_failed_is_closed_by_the_next_check(StorageKind storage)
    {
        await using var product = await ProductCluster.StartAsync(storage,
            settings: new Dictionary<string, string?> { ["Ingest:SessionStaleTimeout"] = "00:00:02" });
        var camera = product.Grains.GetCamera("cam-closing");
        Assert.Equal(ChunkOutcome.Staged, (await camera.ReceiveChunk(Chunks.Split(SharedJpegs.Samples.TestCard, 3, "cam-closing")[0])).Outcome);

        // The session goes stale while grain state cannot be written: its first try to close fails.
        await product.Database.ExecuteAsync("ALTER TABLE orleans_grain_state RENAME TO orleans_grain_state_away", null, CancellationToken.None);
        await Eventually.TrueAsync(async () => (await product.Metadata.ListStaleSessionsAsync("cam-closing", CancellationToken.None)).Count == 1,
            TimeSpan.FromSeconds(30), "the stale session is recorded");
        await Task.Delay(TimeSpan.FromSeconds(1));
        await product.Database.ExecuteAsync("ALTER TABLE orleans_grain_state_away RENAME TO orleans_grain_state", null, CancellationToken.None);

        await Eventually.TrueAsync(() => product.EventsOfType(CameraEventTypes.ImageStale).Any(e => e.GetProperty("camera_id").GetString() == "cam-closing"),
            TimeSpan.FromSeconds(30), "the session is closed, and image.stale published, once grain state can be written");
        await Eventually.TrueAsync(async () => (await product.StagedSessionsAsync()).Count == 0, TimeSpan.FromSeconds(30), "its staged chunks are dropped");
    }
}
