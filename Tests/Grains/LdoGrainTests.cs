using System.Text.Json;
using IngestionCluster.Grains.Abstractions.Errors;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Ldos;
using IngestionCluster.Grains.Catalog;
using IngestionCluster.Grains.Hosting;
using IngestionCluster.Grains.Ldos;
using IngestionCluster.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Orleans.Storage;

namespace IngestionCluster.Tests.Grains;

public sealed class LdoGrainTests
{
    [Fact]
    public async Task A_keyed_attempt_s_record_is_read_through_its_key()
    {
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var key = product.Grains.GetLdoKey("key-settle");

        var ingested = await key.Ingest("ldo-settle", new LdoSubmission(null, null, null, Video("settle.mp4", 100), AttemptKey: "key-settle"));
        var recorded = await key.GetRecorded("ldo-settle");

        Assert.NotNull(recorded);
        Assert.Equal(ingested.Video!.ObjectKey, recorded.Video!.ObjectKey);
        Assert.Null(await key.GetRecorded("ldo-never"));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => key.GetRecorded("../x"));
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task An_ldo_remembers_the_attempt_that_recorded_it_across_activations(StorageKind storage)
    {
        await using var product = await ProductCluster.StartAsync(storage);
        var ldo = product.Grains.GetLdo("ldo-attempts");
        var sensorData = JsonSerializer.SerializeToElement(new { temp = 21.5 });
        var recorded = await ldo.Ingest(new LdoSubmission(sensorData, null, null, null, AttemptKey: "attempt-1"));

        // The gateway that sent it died before answering; the client's retry reaches a new activation.
        await ldo.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var retried = await ldo.Ingest(new LdoSubmission(JsonSerializer.SerializeToElement(new { temp = 99 }), null, null, null, AttemptKey: "attempt-1"));

        Assert.Equal(recorded.CreatedAt, retried.CreatedAt);
        Assert.Equal(21.5, retried.SensorData!.Value.GetProperty("temp").GetDouble());
        // Another request for the id, with another key, finds it taken; so does one without a key and with other content.
        await Assert.ThrowsAsync<ResourceConflictException>(() => ldo.Ingest(new LdoSubmission(sensorData, null, null, null, AttemptKey: "attempt-2")));
        await Assert.ThrowsAsync<ResourceConflictException>(() => ldo.Ingest(new LdoSubmission(JsonSerializer.SerializeToElement(new { temp = 22 }), null, null, null)));
        // Without a key, the same content is the same LDO sent again: the recorded one is the answer.
        Assert.Equal(recorded.CreatedAt, (await ldo.Ingest(new LdoSubmission(sensorData, null, null, null))).CreatedAt);
    }

    [Fact]
    public async Task An_ldo_recorded_while_the_ldo_list_is_out_of_reach_is_answered_and_listed_by_the_next_activation()
    {
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var ldo = product.Grains.GetLdo("ldo-listed-later");

        await product.Database.ExecuteAsync("ALTER TABLE ldos RENAME TO ldos_away", null, CancellationToken.None);
        var recorded = await ldo.Ingest(new LdoSubmission(null, null, null, Video("clip.mp4", 100)));
        await product.Database.ExecuteAsync("ALTER TABLE ldos_away RENAME TO ldos", null, CancellationToken.None);

        Assert.Equal("ldo-listed-later", recorded.Id);
        Assert.Empty(await ListedAsync(product));
        await Eventually.TrueAsync(async () => await ldo.GetInfo() is not null && (await ListedAsync(product)).Count == 1, TimeSpan.FromSeconds(30),
            "the next activation lists the LDO");
        Assert.Equal(new LdoSummary(recorded.Id, recorded.Status, "clip.mp4", recorded.CreatedAt, 100), (await ListedAsync(product))[0]);
    }

    [Fact]
    public async Task An_ldo_whose_state_could_not_be_written_is_neither_found_nor_listed_even_where_list_rows_cannot_be_removed()
    {
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var ldo = product.Grains.GetLdo("ldo-never-recorded");
        Assert.Null(await ldo.GetInfo());
        // The database goes away for the state's write, and a row already written could not be taken back either.
        await product.Database.ExecuteAsync("CREATE TRIGGER ldos_kept BEFORE DELETE ON ldos BEGIN SELECT RAISE(ABORT, 'rows are kept'); END", null, CancellationToken.None);
        await product.Database.ExecuteAsync("ALTER TABLE orleans_grain_state RENAME TO orleans_grain_state_away", null, CancellationToken.None);

        await Assert.ThrowsAnyAsync<Exception>(() => ldo.Ingest(new LdoSubmission(null, null, null, Video("clip.mp4", 100))));

        await product.Database.ExecuteAsync("ALTER TABLE orleans_grain_state_away RENAME TO orleans_grain_state", null, CancellationToken.None);
        await product.Database.ExecuteAsync("DROP TRIGGER ldos_kept", null, CancellationToken.None);
        Assert.Null(await ldo.GetInfo());
        Assert.Empty(await ListedAsync(product));
    }

    [Fact]
    public async Task A_submission_refused_because_another_activation_recorded_the_ldo_leaves_that_ldos_list_row()
    {
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var ldo = product.Grains.GetLdo("ldo-contested");
        Assert.Null(await ldo.GetInfo());
        // Meanwhile another activation of the id (during a failover) records its LDO and lists it.
        var services = product.Cluster.Silos[0].SiloHost.Services;
        var first = new LdoInfo("ldo-contested", LdoStatus.Ingested, DateTimeOffset.UtcNow, 100, null, null, null, Video("first.mp4", 100));
        await services.GetRequiredKeyedService<IGrainStorage>(GrainStorage.Name)
            .WriteStateAsync("ldo", ldo.GetGrainId(), new GrainState<LdoState>(new LdoState { Ldo = first }));
        var firstRow = new LdoSummary(first.Id, first.Status, "first.mp4", first.CreatedAt, 100);
        await services.GetRequiredService<CatalogStore>().UpsertLdoAsync(firstRow, CancellationToken.None);

        await Assert.ThrowsAnyAsync<Exception>(() => ldo.Ingest(new LdoSubmission(null, null, null, Video("second.mp4", 200))));

        Assert.Equal([firstRow], await ListedAsync(product));
        Assert.Equal("first.mp4", (await ldo.GetInfo())?.Video?.Filename);
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Deleting_an_ldo_removes_its_video_its_folder_s_leftovers_its_row_and_itself_and_frees_its_id(StorageKind storage)
    {
        await using var product = await ProductCluster.StartAsync(storage);
        var ldo = product.Grains.GetLdo("ldo-delete");
        var video = BlobKey.Parse("ldos/ldo-delete/first.mp4");
        var leftover = BlobKey.Parse("ldos/ldo-delete/died-attempt.mp4");
        await product.Blobs.PutAsync(video, new byte[100], "video/mp4");
        await product.Blobs.PutAsync(leftover, new byte[10], "video/mp4");
        await ldo.Ingest(new LdoSubmission(null, null, null, new LdoVideo("first.mp4", video.Value, new string('0', 64), 100, "video/mp4")));
        Assert.Contains(await ListedAsync(product), l => l.Id == "ldo-delete");
        // LastModified has whole seconds on S3: the deletion starts in a later second than the writes.
        await Task.Delay(TimeSpan.FromSeconds(1.1));

        await ldo.Delete();

        Assert.Null(await ldo.GetInfo());
        Assert.False(await product.Blobs.ExistsAsync(video));
        Assert.False(await product.Blobs.ExistsAsync(leftover));
        Assert.DoesNotContain(await ListedAsync(product), l => l.Id == "ldo-delete");
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => ldo.Delete());
        // Free again, across activations too; its new video is not taken for a leftover.
        var second = BlobKey.Parse("ldos/ldo-delete/second.mp4");
        await product.Blobs.PutAsync(second, new byte[50], "video/mp4");
        await ldo.Ingest(new LdoSubmission(null, null, null, new LdoVideo("second.mp4", second.Value, new string('0', 64), 50, "video/mp4")));
        await ldo.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        Assert.Equal(50, (await ldo.GetInfo())?.SizeBytes);
        Assert.True(await product.Blobs.ExistsAsync(second));
    }

    private static LdoVideo Video(string fileName, long sizeBytes) =>
        new(fileName, $"ldos/{Guid.NewGuid():N}/{fileName}", new string('0', 64), sizeBytes, "video/mp4");

    private static async Task<IReadOnlyList<LdoSummary>> ListedAsync(ProductCluster product) =>
        (await product.Grains.GetCatalog().ListLdos(0, 10)).Items;
}
