using System.Globalization;
using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Sessions;
using IngestionCluster.Grains.Hosting;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Storage.Database;
using IngestionCluster.Tests.Fixtures;

namespace IngestionCluster.Tests.Grains;

/// <summary>The grain-state rows of automatic capture sessions (MQTT images without an image_id) are deleted by their camera once old.</summary>
public sealed class SessionStatePruningTests
{
    public static TheoryData<StorageKind> Modes => new() { StorageKind.Standalone, StorageKind.Cluster };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_row_goes_once_it_is_older_than_the_retention_and_128_sessions_behind_and_every_image_keeps_its_own_id(StorageKind storage)
    {
        await using var product = await ProductCluster.StartAsync(storage);
        var camera = product.Grains.GetCamera("cam-prune");
        Assert.Equal(ChunkOutcome.Completed, (await camera.ReceiveChunk(ImageChunkOf("cam-prune", 1000, "named-1"))).Outcome);

        // Prunes run at sessions 192 (rows 0-63) and 256 (64-127); 128-149 are old too, but among the latest 128 then.
        await SendAgingTheFirst150Async(product, "cam-prune", TimeSpan.FromHours(2), imagesBefore: 1);

        await AssertSessionRowsAsync(product, "cam-prune", Enumerable.Range(128, 132));
        Assert.Equal(1L, await ScalarAsync(product, "SELECT count(*) FROM orleans_grain_state WHERE key_ext = 'session/cam-prune/img.named-1'"));
        await AssertEachImageStoredOnceAsync(product, "cam-prune", 261);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_database_that_refuses_the_delete_holds_back_no_image_and_the_rows_go_when_it_takes_it_again(StorageKind storage)
    {
        await using var product = await ProductCluster.StartAsync(storage);
        var camera = product.Grains.GetCamera("cam-refused");
        await SendThenAgeAsync(product, "cam-refused", 0, 150, TimeSpan.FromHours(2));
        await RefuseDeletesAsync(product.Database, refuse: true);

        await SendAutomaticImagesAsync(camera, "cam-refused", 150, 60);
        await WaitForImageCountAsync(product, "cam-refused", 210);
        await AssertSessionRowsAsync(product, "cam-refused", Enumerable.Range(0, 210));

        // The failed prune (at session 192) is tried again 64 images later, at 256: rows 0-127 then.
        await RefuseDeletesAsync(product.Database, refuse: false);
        await SendAutomaticImagesAsync(camera, "cam-refused", 210, 50);
        await WaitForImageCountAsync(product, "cam-refused", 260);
        await AssertSessionRowsAsync(product, "cam-refused", Enumerable.Range(128, 132));
        await AssertEachImageStoredOnceAsync(product, "cam-refused", 260);
    }

    [Fact]
    public async Task Rows_younger_than_the_retention_stay_and_a_retention_of_zero_keeps_every_row()
    {
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var camera = product.Grains.GetCamera("cam-young");
        await SendAutomaticImagesAsync(camera, "cam-young", 0, 200);
        await WaitForImageCountAsync(product, "cam-young", 200);
        await AssertSessionRowsAsync(product, "cam-young", Enumerable.Range(0, 200));

        await using var keeping = await ProductCluster.StartAsync(StorageKind.Standalone,
            settings: new Dictionary<string, string?> { ["Ingest:SessionStateRetention"] = "00:00:00" });
        await SendAgingTheFirst150Async(keeping, "cam-kept", TimeSpan.FromDays(30), imagesBefore: 0);
        await AssertSessionRowsAsync(keeping, "cam-kept", Enumerable.Range(0, 260));
    }

    [Fact]
    public async Task A_younger_row_stops_the_prune_there_and_the_rows_after_it_wait_for_the_next()
    {
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var camera = product.Grains.GetCamera("cam-blocked");
        await SendThenAgeAsync(product, "cam-blocked", 0, 150, TimeSpan.FromHours(2));
        // Session 100's row written late, as a session that went stale writes its row a stale timeout after its last chunk.
        await product.Database.ExecuteAsync(
            "UPDATE orleans_grain_state SET modified_at = CURRENT_TIMESTAMP WHERE key_ext = 'session/cam-blocked/s00000100'", null, CancellationToken.None);

        await SendAutomaticImagesAsync(camera, "cam-blocked", 150, 110);
        await WaitForImageCountAsync(product, "cam-blocked", 260);

        // At 192 rows 0-63 went; at 256 rows 64-99, and the prune stopped at 100 (101-127 are old, but after it).
        await AssertSessionRowsAsync(product, "cam-blocked", Enumerable.Range(100, 160));
        await AssertEachImageStoredOnceAsync(product, "cam-blocked", 260);
    }

    [Fact]
    public async Task A_redelivery_under_a_packet_identifier_used_128_sessions_back_is_a_new_chunk_and_opens_no_pruned_session()
    {
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var camera = product.Grains.GetCamera("cam-reused-id");
        // Session 0's chunk came under packet identifier 7; the images after it under none (QoS 0), so nothing pushed
        // identifier 7 out of the camera's memory but the distance.
        var first = ImageChunkOf("cam-reused-id", 0, imageId: null) with { DeliveryId = 7 };
        Assert.Equal(ChunkOutcome.Completed, (await camera.ReceiveChunk(first)).Outcome);
        await SendThenAgeAsync(product, "cam-reused-id", 1, 149, TimeSpan.FromHours(2));
        await SendAutomaticImagesAsync(camera, "cam-reused-id", 150, 50);
        await AssertSessionRowsAsync(product, "cam-reused-id", Enumerable.Range(64, 136));

        var redelivered = await camera.ReceiveChunk(first with { Redelivered = true });

        // Its identifier's message was acknowledged long ago: this is another message, stored as the camera's next image.
        Assert.Equal((ChunkOutcome.Completed, "s00000200"), (redelivered.Outcome, redelivered.SessionId));
        await WaitForImageCountAsync(product, "cam-reused-id", 201);
        await AssertSessionRowsAsync(product, "cam-reused-id", Enumerable.Range(64, 137));
        await AssertEachImageStoredOnceAsync(product, "cam-reused-id", 201, distinctImages: 200);
    }

    [Fact]
    public void The_retention_defaults_to_an_hour_or_twice_the_stale_timeout_and_must_outlast_two_stale_timeouts()
    {
        Assert.Equal(TimeSpan.FromHours(1), new IngestOptions().EffectiveSessionStateRetention);
        Assert.Equal(TimeSpan.FromHours(4), new IngestOptions { SessionStaleTimeout = TimeSpan.FromHours(2) }.EffectiveSessionStateRetention);
        Assert.Equal(TimeSpan.Zero, new IngestOptions { SessionStateRetention = TimeSpan.Zero, SessionStaleTimeout = TimeSpan.FromHours(2) }.EffectiveSessionStateRetention);

        new IngestOptions { SessionStateRetention = TimeSpan.FromMinutes(2) }.Validate();
        var refused = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => new IngestOptions { SessionStateRetention = TimeSpan.FromMinutes(119), SessionStaleTimeout = TimeSpan.FromHours(1) }.Validate());
        Assert.Contains("Ingest__SessionStateRetention must be 00:00:00 (keep every row) or at least twice Ingest__SessionStaleTimeout", refused.Message);
        Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => new IngestOptions { SessionStateRetention = TimeSpan.FromSeconds(-1) }.Validate());
    }

    /// <summary>260 automatic images; the rows of the first 150 made <paramref name="age"/> older before the other 110 are sent.</summary>
    private static async Task SendAgingTheFirst150Async(ProductCluster product, string cameraId, TimeSpan age, int imagesBefore)
    {
        await SendThenAgeAsync(product, cameraId, 0, 150, age, imagesBefore);
        await SendAutomaticImagesAsync(product.Grains.GetCamera(cameraId), cameraId, 150, 110);
        await WaitForImageCountAsync(product, cameraId, imagesBefore + 260);
    }

    /// <summary>Automatic images <paramref name="first"/> on, then, once every session up to the last has its row, all rows made <paramref name="age"/> older.</summary>
    private static async Task SendThenAgeAsync(ProductCluster product, string cameraId, int first, int count, TimeSpan age, int imagesBefore = 0)
    {
        await SendAutomaticImagesAsync(product.Grains.GetCamera(cameraId), cameraId, first, count);
        await WaitForImageCountAsync(product, cameraId, imagesBefore + first + count);
        await AssertSessionRowsAsync(product, cameraId, Enumerable.Range(0, first + count));
        await AgeSessionStatesAsync(product, age);
    }

    /// <summary>One-chunk images, each with bytes of its own (a trailer after the JPEG's end), sent one after another.</summary>
    private static async Task SendAutomaticImagesAsync(ICameraGrain camera, string cameraId, int first, int count)
    {
        for (var i = first; i < first + count; i++)
        {
            Assert.Equal(ChunkOutcome.Completed, (await camera.ReceiveChunk(ImageChunkOf(cameraId, i, imageId: null))).Outcome);
        }
    }

    private static ImageChunk ImageChunkOf(string cameraId, int number, string? imageId) =>
        new(cameraId, 0, 1, [.. SharedJpegs.Samples.TestCard, .. BitConverter.GetBytes(number)], imageId);

    private static Task WaitForImageCountAsync(ProductCluster product, string cameraId, long count) =>
        Eventually.TrueAsync(async () => await ScalarAsync(product, $"SELECT count(*) FROM images WHERE camera_id = '{cameraId}'") >= count,
            TimeSpan.FromSeconds(60), $"{count} images of {cameraId} stored");

    /// <summary>A session writes its row just after its image's: the last few may still be on their way.</summary>
    private static async Task AssertSessionRowsAsync(ProductCluster product, string cameraId, IEnumerable<int> expected)
    {
        var wanted = expected.Select(sequence => (long)sequence).ToArray();
        var rows = await Eventually.LastAsync(() => AutomaticSessionRowsAsync(product, cameraId), rows => rows.SequenceEqual(wanted), TimeSpan.FromSeconds(15));
        Assert.Equal(wanted, rows);
    }

    private static async Task<IReadOnlyList<long>> AutomaticSessionRowsAsync(ProductCluster product, string cameraId)
    {
        var prefix = $"session/{cameraId}/s";
        await using var connection = await product.Database.OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key_ext FROM orleans_grain_state WHERE grain_type = 'capture-session' AND key_ext LIKE @prefix";
        command.With("prefix", prefix + "%");
        await using var reader = await command.ExecuteReaderAsync();
        var sequences = new List<long>();
        while (await reader.ReadAsync())
        {
            sequences.Add(long.Parse(reader.GetString(0)[prefix.Length..], CultureInfo.InvariantCulture));
        }
        sequences.Sort();
        return sequences;
    }

    private static Task AgeSessionStatesAsync(ProductCluster product, TimeSpan age) =>
        product.Database.ExecuteAsync(product.Database.Dialect.IsPostgres
                ? "UPDATE orleans_grain_state SET modified_at = modified_at - make_interval(secs => @age) WHERE grain_type = 'capture-session'"
                : "UPDATE orleans_grain_state SET modified_at = datetime(modified_at, '-' || @age || ' seconds') WHERE grain_type = 'capture-session'",
            command => command.With("age", age.TotalSeconds), CancellationToken.None);

    private static Task RefuseDeletesAsync(IngestDatabase database, bool refuse)
    {
        var sql = (database.Dialect.IsPostgres, refuse) switch
        {
            (true, true) => """
                CREATE FUNCTION refuse_state_deletes() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'deletes refused by the test'; END $$;
                CREATE TRIGGER refuse_state_deletes BEFORE DELETE ON orleans_grain_state FOR EACH ROW EXECUTE FUNCTION refuse_state_deletes();
                """,
            (true, false) => "DROP TRIGGER refuse_state_deletes ON orleans_grain_state; DROP FUNCTION refuse_state_deletes();",
            (false, true) => "CREATE TRIGGER refuse_state_deletes BEFORE DELETE ON orleans_grain_state BEGIN SELECT RAISE(ABORT, 'deletes refused by the test'); END;",
            (false, false) => "DROP TRIGGER refuse_state_deletes;",
        };
        return database.ExecuteAsync(sql, null, CancellationToken.None);
    }

    /// <summary>Each image has its own row and its own blob, holding its own bytes (no blob written over by another image).</summary>
    private static async Task AssertEachImageStoredOnceAsync(ProductCluster product, string cameraId, int count, int? distinctImages = null)
    {
        await using var connection = await product.Database.OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT object_key, sha256 FROM images WHERE camera_id = @camera";
        command.With("camera", cameraId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string Key, string Sha256)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }
        Assert.Equal(count, rows.Count);
        Assert.Equal(distinctImages ?? count, rows.Select(row => row.Sha256).Distinct().Count());
        Assert.Equal(count, rows.Select(row => row.Key).Distinct().Count());
        foreach (var (key, sha256) in rows)
        {
            await using var blob = await product.Blobs.OpenReadAsync(BlobKey.Parse(key)) ?? throw new InvalidOperationException($"blob {key} missing");
            using var copy = new MemoryStream();
            await blob.Content.CopyToAsync(copy);
            Assert.Equal(sha256, CaptureSessionTests.Sha256(copy.ToArray()));
        }
    }

    private static async Task<long> ScalarAsync(ProductCluster product, string sql) =>
        Convert.ToInt64(await product.Database.ScalarAsync(sql, null, CancellationToken.None), CultureInfo.InvariantCulture);
}
