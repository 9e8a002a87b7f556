using System.Security.Cryptography;
using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Events;
using IngestionCluster.Grains.Abstractions.Errors;
using IngestionCluster.Grains.Abstractions.Images;
using IngestionCluster.Grains.Abstractions.Sessions;
using IngestionCluster.Grains.Metadata;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;

namespace IngestionCluster.Tests.Grains;

/// <summary>MQTT chunk assembly through the camera and capture-session grains.</summary>
public sealed class CaptureSessionTests
{
    public static TheoryData<StorageKind> Modes => new() { StorageKind.Standalone, StorageKind.Cluster };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_15_chunk_image_out_of_order_with_duplicates_is_stored_once_with_its_sha256(StorageKind storage)
    {
        await using var product = await ProductCluster.StartAsync(storage);
        var image = SharedJpegs.Samples.TestCard;
        var camera = product.Grains.GetCamera("Haas_Pit_1");

        foreach (var chunk in Chunks.ShuffledWithDuplicates(Chunks.Split(image, 15, "Haas_Pit_1"), seed: 7))
        {
            await camera.ReceiveChunk(chunk);
        }

        var stored = await WaitForImagesAsync(product, "Haas_Pit_1", 1);
        var row = Assert.Single(stored);
        Assert.Equal(ImageSource.Mqtt, row.Source);
        Assert.Equal(15, row.ChunkCount);
        Assert.Equal(image.Length, row.SizeBytes);
        Assert.Equal("image/jpeg", row.ContentType);
        Assert.Equal(Sha256(image), row.Sha256);
        Assert.Equal(Sha256(image), Sha256(await ReadBlobAsync(product, row)));
        await Eventually.TrueAsync(() => product.EventsOfType(CameraEventTypes.ImageAssembled).Any(), TimeSpan.FromSeconds(10), "image.assembled is published");
        // A late duplicate after completion is recognised as one: nothing is staged for it, and nothing stored again.
        var late = await camera.ReceiveChunk(Chunks.Split(image, 15, "Haas_Pit_1")[3]);
        Assert.Equal(ChunkOutcome.Duplicate, late.Outcome);
        // Once the image is stored its staged chunks are dropped.
        await Eventually.TrueAsync(async () => (await product.StagedSessionsAsync()).Count == 0, TimeSpan.FromSeconds(10), "nothing stays staged");
        Assert.Single(await ImagesAsync(product, "Haas_Pit_1"));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Consecutive_images_without_image_id_become_separate_images(StorageKind storage)
    {
        await using var product = await ProductCluster.StartAsync(storage);
        var samples = SharedJpegs.Samples;
        var images = new[] { samples.TestCard, samples.White, samples.VgaTestCard };
        var camera = product.Grains.GetCamera("cam-seq");

        foreach (var image in images)
        {
            foreach (var chunk in Chunks.Split(image, 8, "cam-seq"))
            {
                await camera.ReceiveChunk(chunk);
            }
        }

        var stored = await WaitForImagesAsync(product, "cam-seq", 3);
        Assert.Equal(images.Select(Sha256).Order(), stored.Select(r => r.Sha256).Order());
        Assert.Equal(3, stored.Select(r => r.ImageId).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_chunk_without_image_id_refused_for_its_total_leaves_the_image_and_the_next_ones_whole(StorageKind storage)
    {
        await using var product = await ProductCluster.StartAsync(storage);
        var samples = SharedJpegs.Samples;
        var images = new[] { samples.TestCard, samples.White, samples.VgaTestCard };
        var chunked = images.Select(image => Chunks.Split(image, 3, "cam-bad-total")).ToArray();
        var camera = product.Grains.GetCamera("cam-bad-total");

        await camera.ReceiveChunk(chunked[0][0]);
        await camera.ReceiveChunk(chunked[0][1]);
        // Another sender's chunk, or a corrupt one: index 2 of 4 while this image has 3.
        var bad = await camera.ReceiveChunk(new ImageChunk("cam-bad-total", 2, 4, [0xFF, 0xD8, 0x01, 0x02]));
        Assert.Equal(ChunkOutcome.Rejected, bad.Outcome);
        Assert.Equal(ChunkRejectionReason.TotalChanged, bad.Reason);
        foreach (var chunk in new[] { chunked[0][2] }.Concat(chunked[1]).Concat(chunked[2]))
        {
            Assert.Contains((await camera.ReceiveChunk(chunk)).Outcome, new[] { ChunkOutcome.Staged, ChunkOutcome.Completed });
        }

        var stored = await WaitForImagesAsync(product, "cam-bad-total", 3);
        Assert.Equal(images.Select(Sha256).Order(), stored.Select(r => r.Sha256).Order());
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Consecutive_images_without_image_id_that_share_their_first_chunks_are_each_stored_whole(StorageKind storage)
    {
        await using var product = await ProductCluster.StartAsync(storage);
        var images = SharedJpegs.Samples.SharedTop;
        var chunked = images.Select(image => Chunks.Split(image, 15, "cam-shared-top")).ToArray();
        Assert.Equal(chunked[0][0].Data, chunked[1][0].Data);
        var camera = product.Grains.GetCamera("cam-shared-top");

        foreach (var chunk in chunked.SelectMany(chunks => chunks))
        {
            await camera.ReceiveChunk(chunk);
        }

        var stored = await WaitForImagesAsync(product, "cam-shared-top", 3);
        Assert.Equal(images.Select(Sha256).Order(), stored.Select(r => r.Sha256).Order());
        Assert.Empty(await product.Metadata.ListStaleSessionsAsync("cam-shared-top", CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_camera_reactivated_mid_image_finishes_it_and_starts_the_next_image_in_a_new_session(StorageKind storage)
    {
        await using var product = await ProductCluster.StartAsync(storage);
        var samples = SharedJpegs.Samples;
        var images = new[] { samples.TestCard, samples.White, samples.VgaTestCard };
        var chunks = images.Select(image => Chunks.Split(image, 8, "cam-reactivated")).ToArray();
        var camera = product.Grains.GetCamera("cam-reactivated");
        var receipts = new List<ChunkReceipt>();

        foreach (var chunk in chunks[0].Take(5))
        {
            receipts.Add(await camera.ReceiveChunk(chunk));
        }
        // The new activation knows the current session from its persisted state, but not which chunks it
        // already holds: the rest of the image must still go there, and the next image to a new session.
        await camera.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        foreach (var chunk in chunks[0].Skip(5).Concat(chunks[1]).Concat(chunks[2]))
        {
            receipts.Add(await camera.ReceiveChunk(chunk));
        }

        Assert.DoesNotContain(receipts, r => r.Outcome == ChunkOutcome.Rejected);
        var stored = await WaitForImagesAsync(product, "cam-reactivated", 3);
        Assert.Equal(images.Select(Sha256).Order(), stored.Select(r => r.Sha256).Order());
    }

    [Fact]
    public async Task A_redelivery_after_the_camera_s_activation_was_lost_goes_back_to_the_image_it_completed()
    {
        // A silo died after staging a batch that completed an image and began the next, before its answer: the gateway hands the
        // same messages over again, flagged and under the same packet ids, to a new activation that never saw them.
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var images = new[] { SharedJpegs.Samples.TestCard, SharedJpegs.Samples.VgaTestCard };
        var chunks = images.Select((image, i) => Chunks.Split(image, 8, "cam-recall").Select((chunk, k) => chunk with { DeliveryId = i * 8 + k + 1 }).ToArray()).ToArray();
        var camera = product.Grains.GetCamera("cam-recall");
        await camera.ReceiveChunks([.. chunks[0].Take(5)]);
        var batch = chunks[0].Skip(5).Concat(chunks[1].Take(3)).ToArray();
        await camera.ReceiveChunks(batch);

        await camera.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var again = await camera.ReceiveChunks([.. batch.Select(chunk => chunk with { Redelivered = true })]);
        await camera.ReceiveChunks([.. chunks[1].Skip(3)]);

        Assert.All(again, receipt => Assert.Equal(ChunkOutcome.Duplicate, receipt.Outcome));
        var stored = await WaitForImagesAsync(product, "cam-recall", 2);
        Assert.Equal(images.Select(Sha256).Order(), stored.Select(r => r.Sha256).Order());
        Assert.Empty(await product.Metadata.ListStaleSessionsAsync("cam-recall", CancellationToken.None));
    }

    [Fact]
    public async Task Images_after_a_redelivery_taken_for_repeats_are_each_stored_whole()
    {
        // A static scene: the images differ only in their last chunk. The camera's activation was lost, and the gateway's
        // retried hand-off brings the next image flagged as redelivered, so its first chunks read as repeats of the image before.
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var images = Enumerable.Range(0, 8).Select(StaticSceneImage).ToArray();
        var chunked = images.Select(image => Chunks.Split(image, 5, "cam-static")).ToArray();
        Assert.Equal(chunked[0][3].Data, chunked[1][3].Data);
        var camera = product.Grains.GetCamera("cam-static");
        foreach (var chunks in chunked.Take(3))
        {
            await camera.ReceiveChunks([.. chunks]);
        }

        await camera.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await camera.ReceiveChunks([.. chunked[3].Select(chunk => chunk with { Redelivered = true })]);
        foreach (var chunks in chunked.Skip(4))
        {
            await camera.ReceiveChunks([.. chunks]);
        }

        // Image 3 is lost to the guess (README, MQTT cameras); every live image after it is whole, none spliced.
        var stored = await WaitForImagesAsync(product, "cam-static", 7);
        Assert.Equal(images.Take(3).Concat(images.Skip(4)).Select(Sha256).Order(), stored.Select(r => r.Sha256).Order());
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task One_picture_sent_again_and_again_is_stored_every_time_across_a_lost_activation(StorageKind storage)
    {
        // Every image is the same picture. Images 0-2 are staged, image 3's first chunks too, each under its packet id; the
        // camera's activation is then lost, and the gateway hands the batch holding the rest of image 3 and all of image 4
        // over again, flagged: the staged chunks are repeats, the others new, although all of them look like image 2's.
        await using var product = await ProductCluster.StartAsync(storage);
        var picture = SharedJpegs.Samples.TestCard;
        var deliveryId = 0;
        var images = Enumerable.Range(0, 6).Select(_ => Chunks.Split(picture, 5, "cam-same").Select(chunk => chunk with { DeliveryId = ++deliveryId }).ToArray()).ToArray();
        var camera = product.Grains.GetCamera("cam-same");
        foreach (var chunks in images.Take(3))
        {
            await camera.ReceiveChunks(chunks);
        }
        await camera.ReceiveChunks(images[3][..2]);

        await camera.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var batch = images[3].Concat(images[4]).Select(chunk => chunk with { Redelivered = true }).ToArray();
        var again = await camera.ReceiveChunks(batch);
        await camera.ReceiveChunks(images[5]);

        Assert.Equal([ChunkOutcome.Duplicate, ChunkOutcome.Duplicate], again.Take(2).Select(receipt => receipt.Outcome));
        var stored = await WaitForImagesAsync(product, "cam-same", 6);
        Assert.Equal(6, stored.Count);
        Assert.All(stored, row => Assert.Equal(Sha256(picture), row.Sha256));
        Assert.Empty(await product.Metadata.ListStaleSessionsAsync("cam-same", CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_hand_off_of_one_chunk_images_retried_after_the_camera_s_activation_was_lost_stores_none_twice(StorageKind storage)
    {
        // The bridge handed 32 one-chunk images over at once; they were staged, and the answer was lost with the silo.
        await using var product = await ProductCluster.StartAsync(storage);
        var images = Enumerable.Range(0, 40).Select(StaticSceneImage).ToArray();
        var chunks = images.Select((image, i) => Chunks.Split(image, 1, "cam-small")[0] with { DeliveryId = i + 1 }).ToArray();
        var camera = product.Grains.GetCamera("cam-small");
        await camera.ReceiveChunks(chunks[..8]);
        await camera.ReceiveChunks(chunks[8..]);

        await camera.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var again = await camera.ReceiveChunks([.. chunks[8..].Select(chunk => chunk with { Redelivered = true })]);

        Assert.All(again, receipt => Assert.Equal(ChunkOutcome.Duplicate, receipt.Outcome));
        var stored = await WaitForImagesAsync(product, "cam-small", 40);
        Assert.Equal(images.Select(Sha256).Order(), stored.Select(r => r.Sha256).Order());
    }

    /// <summary>The test card with a marker of its own just before the end of the image: only its last bytes differ.</summary>
    private static byte[] StaticSceneImage(int number) =>
        [.. SharedJpegs.Samples.TestCard[..^2], .. System.Text.Encoding.ASCII.GetBytes($"frame{number:D8}"), .. SharedJpegs.Samples.TestCard[^2..]];

    [Fact]
    public async Task Chunks_with_image_ids_assemble_their_own_images_even_when_interleaved()
    {
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var a = Chunks.Split(SharedJpegs.Samples.TestCard, 6, "cam-ids", "shot-a");
        var b = Chunks.Split(SharedJpegs.Samples.White, 6, "cam-ids", "shot-b");
        var camera = product.Grains.GetCamera("cam-ids");

        foreach (var chunk in a.Zip(b).SelectMany(p => new[] { p.First, p.Second }))
        {
            await camera.ReceiveChunk(chunk);
        }

        var stored = await WaitForImagesAsync(product, "cam-ids", 2);
        Assert.Contains(stored, r => r.Sha256 == Sha256(SharedJpegs.Samples.TestCard) && r.Meta!.Value.GetProperty("mqtt_image_id").GetString() == "shot-a");
        Assert.Contains(stored, r => r.Sha256 == Sha256(SharedJpegs.Samples.White) && r.Meta!.Value.GetProperty("mqtt_image_id").GetString() == "shot-b");
    }

    [Fact]
    public async Task A_camera_that_never_heard_its_session_went_stale_starts_the_next_image_in_a_new_session()
    {
        // The stale session's notice to its camera is lost, as when a silo dies right after the close.
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone,
            settings: new Dictionary<string, string?> { ["Ingest:SessionStaleTimeout"] = "00:00:01" },
            configureServices: services => services.AddSingleton<IIncomingGrainCallFilter, LostSessionClosedNotice>());
        var camera = product.Grains.GetCamera("cam-unheard");
        var first = SharedJpegs.Samples.TestCard;
        foreach (var chunk in Chunks.Split(first, 5, "cam-unheard").Take(3))
        {
            await camera.ReceiveChunk(chunk);
        }
        await Eventually.TrueAsync(() => product.EventsOfType(CameraEventTypes.ImageStale).Any(), TimeSpan.FromSeconds(10), "image.stale is published");

        // The next image starts with the same bytes (a JPEG header), so its first chunk is routed to the closed session.
        var next = (byte[])first.Clone();
        next.AsSpan(next.Length / 5 + 1).Fill(0x5A);
        var receipts = new List<ChunkReceipt>();
        foreach (var chunk in Chunks.Split(next, 5, "cam-unheard"))
        {
            receipts.Add(await camera.ReceiveChunk(chunk));
        }

        Assert.DoesNotContain(receipts, r => r.Outcome == ChunkOutcome.Rejected);
        var stored = await WaitForImagesAsync(product, "cam-unheard", 1);
        Assert.Equal(Sha256(next), stored[0].Sha256);
    }

    private sealed class LostSessionClosedNotice : IIncomingGrainCallFilter
    {
        public Task Invoke(IIncomingGrainCallContext context) =>
            context.InterfaceMethod?.Name == nameof(ICameraGrain.SessionClosed) ? Task.CompletedTask : context.Invoke();
    }

    [Fact]
    public async Task A_stale_session_is_closed_recorded_and_the_camera_keeps_flowing()
    {
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone,
            settings: new Dictionary<string, string?> { ["Ingest:SessionStaleTimeout"] = "00:00:01" });
        var camera = product.Grains.GetCamera("cam-stale");
        var partial = Chunks.Split(SharedJpegs.Samples.TestCard, 5, "cam-stale");

        foreach (var chunk in partial.Take(3))
        {
            await camera.ReceiveChunk(chunk);
        }

        await Eventually.TrueAsync(() => product.EventsOfType(CameraEventTypes.ImageStale).Any(), TimeSpan.FromSeconds(10), "image.stale is published");
        var stale = Assert.Single(await product.Metadata.ListStaleSessionsAsync("cam-stale", CancellationToken.None));
        Assert.Equal(3, stale.ChunksReceived);
        Assert.Equal(5, stale.ChunksTotal);
        await Eventually.TrueAsync(async () => (await product.StagedSessionsAsync()).Count == 0, TimeSpan.FromSeconds(10), "the stale session's chunks are dropped");

        foreach (var chunk in Chunks.Split(SharedJpegs.Samples.White, 5, "cam-stale"))
        {
            await camera.ReceiveChunk(chunk);
        }
        var stored = await WaitForImagesAsync(product, "cam-stale", 1);
        Assert.Equal(Sha256(SharedJpegs.Samples.White), stored[0].Sha256);
    }

    [Fact]
    public async Task With_the_S3_server_down_every_chunk_is_staged_and_the_image_is_stored_once_it_is_back()
    {
        await using var s3 = await TestServers.StartPrivateAsync<S3Server>();
        await using var product = await ProductCluster.StartAsync(StorageKind.Cluster, s3: s3);
        var camera = product.Grains.GetCamera("cam-outage");
        var image = SharedJpegs.Samples.TestCard;

        await s3.StopAsync();
        var receipts = new List<ChunkReceipt>();
        foreach (var chunk in Chunks.Split(image, 15, "cam-outage"))
        {
            // Each call returns once the chunk is staged: the broker may acknowledge it although S3 is down.
            receipts.Add(await camera.ReceiveChunk(chunk));
        }
        Assert.Equal(14, receipts.Count(r => r.Outcome == ChunkOutcome.Staged));
        Assert.Equal(ChunkOutcome.Completed, receipts[^1].Outcome);
        var staged = Assert.Single(await product.StagedSessionsAsync());
        Assert.Equal(15, staged.Value);
        Assert.Empty(await ImagesAsync(product, "cam-outage"));

        await s3.StartAsync();
        var stored = await WaitForImagesAsync(product, "cam-outage", 1, TimeSpan.FromSeconds(60));
        Assert.Equal(Sha256(image), Sha256(await ReadBlobAsync(product, stored[0])));
        await Eventually.TrueAsync(async () => (await product.StagedSessionsAsync()).Count == 0, TimeSpan.FromSeconds(10), "the staged chunks are dropped once the image is durable");
    }

    [Fact]
    public async Task Beyond_the_backlog_limit_new_images_are_held_back_as_a_store_outage_until_the_waiting_ones_are_stored()
    {
        await using var s3 = await TestServers.StartPrivateAsync<S3Server>();
        await using var product = await ProductCluster.StartAsync(StorageKind.Cluster, s3: s3,
            settings: new Dictionary<string, string?> { ["Ingest:MaxPendingStoreBytes"] = "1000" });
        var camera = product.Grains.GetCamera("cam-backlog");
        var first = Chunks.Split(SharedJpegs.Samples.TestCard, 5, "cam-backlog", "first");
        var second = Chunks.Split(SharedJpegs.Samples.White, 5, "cam-backlog", "second");
        var unnamed = Chunks.Split(SharedJpegs.Samples.VgaTestCard, 5, "cam-backlog");

        await s3.StopAsync();
        foreach (var chunk in first.Take(4))
        {
            await camera.ReceiveChunk(chunk);
        }
        // An image under way when the backlog fills is finished: its last chunk is staged although S3 is down.
        Assert.Equal(ChunkOutcome.Completed, (await camera.ReceiveChunk(first[^1])).Outcome);
        // The complete image waits in memory; new ones, named or not, are refused like the outage that keeps it there.
        var heldBack = await Assert.ThrowsAsync<StoreUnavailableException>(() => camera.ReceiveChunk(second[0]));
        Assert.Equal(StoreUnavailableException.BlobStore, heldBack.Store);
        Assert.Contains("Ingest__MaxPendingStoreBytes", heldBack.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<StoreUnavailableException>(() => camera.ReceiveChunk(unnamed[0]));
        // A repeat of the waiting image's chunk is still answered.
        Assert.Equal(ChunkOutcome.Duplicate, (await camera.ReceiveChunk(first[0])).Outcome);
        var staged = Assert.Single(await product.StagedSessionsAsync());
        Assert.Equal(5, staged.Value);

        await s3.StartAsync();
        await WaitForImagesAsync(product, "cam-backlog", 1, TimeSpan.FromSeconds(60));
        // The retries the gateway makes get through once the backlog is stored (each new image waits for the one before).
        foreach (var image in new[] { second, unnamed })
        {
            await Eventually.TrueAsync(async () =>
            {
                try
                {
                    await camera.ReceiveChunk(image[0]);
                    return true;
                }
                catch (StoreUnavailableException)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(30), "new images are taken again");
            foreach (var chunk in image.Skip(1))
            {
                await camera.ReceiveChunk(chunk);
            }
        }
        var stored = await WaitForImagesAsync(product, "cam-backlog", 3);
        Assert.Equal(3, stored.Select(image => image.Sha256).Distinct().Count());
        Assert.Contains(Sha256(SharedJpegs.Samples.White), stored.Select(image => image.Sha256));
        Assert.Contains(Sha256(SharedJpegs.Samples.VgaTestCard), stored.Select(image => image.Sha256));
    }

    internal static Task<IReadOnlyList<ImageRecord>> WaitForImagesAsync(ProductCluster product, string cameraId, int count, TimeSpan? timeout = null) =>
        WaitForImagesAsync(product.Metadata, cameraId, count, timeout);

    internal static async Task<IReadOnlyList<ImageRecord>> WaitForImagesAsync(MetadataStore metadata, string cameraId, int count, TimeSpan? timeout = null)
    {
        IReadOnlyList<ImageRecord> images = [];
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                return (images = await ImagesAsync(metadata, cameraId)).Count >= count;
            }
            catch (System.Data.Common.DbException)
            {
                // The test's own pooled connection to a database that was just restarted: ask again.
                return false;
            }
        }, timeout ?? TimeSpan.FromSeconds(30), $"{count} image(s) of {cameraId} are stored");
        return images;
    }

    internal static Task<IReadOnlyList<ImageRecord>> ImagesAsync(ProductCluster product, string cameraId) => ImagesAsync(product.Metadata, cameraId);

    internal static async Task<IReadOnlyList<ImageRecord>> ImagesAsync(MetadataStore metadata, string cameraId) =>
        (await metadata.ListImagesAsync(new ImageQuery(cameraId, null, null, 0, 100), CancellationToken.None)).Items;

    internal static async Task<byte[]> ReadBlobAsync(ProductCluster product, ImageRecord row)
    {
        await using var blob = await product.Blobs.OpenReadAsync(BlobKey.Parse(row.ObjectKey)) ?? throw new InvalidOperationException($"blob {row.ObjectKey} missing");
        using var copy = new MemoryStream();
        await blob.Content.CopyToAsync(copy);
        return copy.ToArray();
    }

    internal static string Sha256(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    [Fact]
    public async Task A_session_listed_as_staged_whose_chunks_are_gone_is_unlisted_by_the_sweeper()
    {
        await using var product = await ProductCluster.StartAsync(StorageKind.Cluster);
        var key = GrainKeys.CaptureSession("cam-orphan", "img.gone");
        // Listed, with nothing staged: what the chunks' safety expiry, or a drop that failed half-way, leaves.
        // The sweeper lists the oldest sessions first, so a listing it never clears would in time hide every other.
        await using (var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(product.Configuration["Redis:Configuration"]!))
        {
            await redis.GetDatabase().SortedSetAddAsync(product.Configuration["Redis:KeyPrefix"] + "chunks:sessions", key, 0);
        }
        Assert.Contains(key, (await product.StagedSessionsAsync()).Keys);

        await Eventually.TrueAsync(async () => !(await product.StagedSessionsAsync()).ContainsKey(key), TimeSpan.FromSeconds(15), "the sweeper unlists the session");
    }
}
