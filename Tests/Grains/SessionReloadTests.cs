using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Sessions;
using IngestionCluster.Grains.Sessions;
using IngestionCluster.Storage.Staging;
using IngestionCluster.Tests.Storage.Support;

namespace IngestionCluster.Tests.Grains;

/// <summary>A capture session's next activation over what it staged before: after a long silence, a lowered limit, a completion that was not saved.</summary>
public sealed class SessionReloadTests
{
    [Fact]
    public async Task A_session_reloaded_after_a_silence_longer_than_the_stale_timeout_waits_a_whole_timeout_for_its_next_chunks()
    {
        // No sweeper meanwhile: the silence is that of a process that was down, the camera's next chunks waiting at the broker.
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone, settings: new Dictionary<string, string?>
        {
            ["Ingest:SessionStaleTimeout"] = "00:00:06",
            ["Ingest:StagingSweepIdleAfter"] = "01:00:00",
        });
        var chunks = Chunks.Split(SharedJpegs.Samples.TestCard, 5, "cam-silent", "img-silent");
        var sessionId = CaptureSessionIds.Explicit("img-silent");
        await product.Staging.StageAsync(GrainKeys.CaptureSession("cam-silent", sessionId),
            [.. chunks.Take(3).Select(chunk => new StagedChunk(chunk.Index, chunk.Total, chunk.Data, DateTimeOffset.UtcNow))], CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(7));

        var reloaded = await product.Grains.GetCaptureSession("cam-silent", sessionId).GetStatus();
        // Past the first stale check (every quarter of the timeout), well within the timeout.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var receipts = new List<ChunkReceipt>();
        foreach (var chunk in chunks.Skip(3))
        {
            receipts.Add(await product.Grains.GetCamera("cam-silent").ReceiveChunk(chunk));
        }

        Assert.Equal(3, reloaded.Received);
        Assert.Equal([ChunkOutcome.Staged, ChunkOutcome.Completed], receipts.Select(receipt => receipt.Outcome));
        var stored = await CaptureSessionTests.WaitForImagesAsync(product, "cam-silent", 1);
        Assert.Equal(CaptureSessionTests.Sha256(SharedJpegs.Samples.TestCard), stored[0].Sha256);
        Assert.Empty(await product.Metadata.ListStaleSessionsAsync("cam-silent", CancellationToken.None));
    }

    [Fact]
    public async Task Staged_chunks_a_lowered_image_limit_refuses_on_reload_are_recorded_as_dead_letters()
    {
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone, settings: new Dictionary<string, string?>
        {
            ["Ingest:MaxImageBytes"] = "1024",
            ["Ingest:StagingSweepIdleAfter"] = "01:00:00",
        });
        var sessionId = CaptureSessionIds.Explicit("img-big");
        // Staged (and acknowledged) under a larger limit: no redelivery will bring them back.
        var staged = Enumerable.Range(0, 3).Select(index => new StagedChunk(index, 3, Enumerable.Repeat((byte)(index + 1), 600).ToArray(), DateTimeOffset.UtcNow)).ToList();
        await product.Staging.StageAsync(GrainKeys.CaptureSession("cam-lowered", sessionId), staged, CancellationToken.None);

        var status = await product.Grains.GetCaptureSession("cam-lowered", sessionId).GetStatus();

        Assert.Equal(1, status.Received);
        var letters = (await product.Grains.GetDeadLetters().List(0, 100)).Items.Where(letter => letter.CameraId == "cam-lowered").ToList();
        Assert.Equal(2, letters.Count);
        Assert.All(letters, letter => Assert.Equal(ChunkRejectionReason.ImageTooLarge, letter.Reason));
        Assert.All(letters, letter => Assert.Contains("refused when the session was reloaded", letter.Detail, StringComparison.Ordinal));
        Assert.Equal([600, 600], letters.Select(letter => letter.PayloadBytes));
    }

    [Fact]
    public async Task A_session_whose_completion_cannot_be_saved_keeps_its_staged_chunks_until_it_is()
    {
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var image = SharedJpegs.Samples.TestCard;
        var camera = product.Grains.GetCamera("cam-unsaved");
        var sessionId = CaptureSessionIds.Explicit("img-unsaved");

        await using (await GrainStateTrigger.RefusingWritesAsync(product.Database, CaptureSessionGrain.StateName))
        {
            foreach (var chunk in Chunks.Split(image, 5, "cam-unsaved", "img-unsaved"))
            {
                await camera.ReceiveChunk(chunk);
            }
            await CaptureSessionTests.WaitForImagesAsync(product, "cam-unsaved", 1);
            // Several sweeps (every second in these tests) meanwhile: none may drop the chunks of a session storage does not hold completed.
            await Task.Delay(TimeSpan.FromSeconds(4));
            await product.Grains.GetCaptureSession("cam-unsaved", sessionId).Resume();

            Assert.Equal(5, (await product.StagedSessionsAsync())[GrainKeys.CaptureSession("cam-unsaved", sessionId)]);
            Assert.False((await product.Grains.GetCaptureSession("cam-unsaved", sessionId).GetStatus()).Completed);
        }

        await Eventually.TrueAsync(async () => (await product.Grains.GetCaptureSession("cam-unsaved", sessionId).GetStatus()).Completed,
            TimeSpan.FromSeconds(30), "the session's completion is saved once storage takes it");
        await Eventually.TrueAsync(async () => (await product.StagedSessionsAsync()).Count == 0, TimeSpan.FromSeconds(10), "its staged chunks are dropped then");
        var stored = Assert.Single(await CaptureSessionTests.ImagesAsync(product, "cam-unsaved"));
        Assert.Equal(CaptureSessionTests.Sha256(image), stored.Sha256);
    }
}
