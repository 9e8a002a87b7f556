using System.Globalization;
using System.Text.Json;
using IngestionCluster.Grains.Abstractions.Images;
using IngestionCluster.Grains.Metadata;
using IngestionCluster.Storage.Database;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Storage.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace IngestionCluster.Tests.Storage.Database;

/// <summary>A database of an earlier release, brought up to this one's metadata schema, on SQLite and on PostgreSQL.</summary>
public sealed class MetadataMigrationTests
{
    private static readonly DateTimeOffset _capturedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_796_500_000_000);

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Images_stored_before_keep_every_field_and_images_of_mjpeg_cameras_are_taken_after(StorageKind storage)
    {
        using var data = new TempDirectory("metadata-migration");
        await using var database = await TestDatabases.CreateAsync(storage, data, "metadata_migration");
        await SchemaMigrator.ApplyAsync(database, MetadataSchema.Component, [.. MetadataSchema.Migrations.Take(1)], NullLogger.Instance, CancellationToken.None);
        var metadata = new MetadataStore(database, TimeProvider.System);
        var before = Image("stored-before", ImageSource.Rtsp) with
        {
            ChunkCount = 3, RequestId = "req-1", Meta = JsonDocument.Parse("""{"line":"A","n":2}""").RootElement,
        };
        Assert.True(await metadata.InsertImageAsync(before, CancellationToken.None));
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => metadata.InsertImageAsync(Image("mjpeg-too-early", ImageSource.Mjpeg), CancellationToken.None));
        Assert.Contains("check", refused.Message, StringComparison.OrdinalIgnoreCase);

        await metadata.MigrateAsync(NullLogger.Instance, CancellationToken.None);
        // Every silo migrates at start: a second run finds nothing to do.
        await metadata.MigrateAsync(NullLogger.Instance, CancellationToken.None);

        Assert.True(await metadata.InsertImageAsync(Image("mjpeg-frame", ImageSource.Mjpeg), CancellationToken.None));
        Assert.Equal(ImageSource.Mjpeg, (await metadata.GetImageAsync("mjpeg-frame", CancellationToken.None))!.Source);
        var kept = await metadata.GetImageAsync(before.ImageId, CancellationToken.None);
        Assert.NotNull(kept);
        Assert.Equal(before with { Meta = null }, kept with { Meta = null });
        Assert.True(JsonElement.DeepEquals(before.Meta!.Value, kept.Meta!.Value), kept.Meta.Value.GetRawText());
        Assert.Equal(["images_camera_received", "images_received"], await IndexNamesAsync(database));
        if (storage == StorageKind.Cluster)
        {
            var rules = await database.ScalarAsync("SELECT count(*) FROM pg_constraint WHERE conrelid = 'images'::regclass AND contype = 'c'", null, CancellationToken.None);
            Assert.Equal(1L, Convert.ToInt64(rules, CultureInfo.InvariantCulture));
        }
        var page = await metadata.ListImagesAsync(new ImageQuery("migrated-cam", null, null, 0, 10), CancellationToken.None);
        Assert.Equal(["mjpeg-frame", "stored-before"], page.Items.Select(image => image.ImageId).Order(StringComparer.Ordinal));
        // The rule still refuses what is no source.
        var unknown = await Assert.ThrowsAnyAsync<Exception>(() => database.ExecuteAsync(new DbStatement(
            "INSERT INTO images (image_id, camera_id, source, bucket, object_key, sha256, size_bytes, content_type, captured_at, received_at) " +
            "VALUES ('ftp-image', 'migrated-cam', 'ftp', 'b', 'k', 's', 1, 'image/jpeg', @at, @at)").With("at", DbTime.Param(database.Dialect, _capturedAt)),
            CancellationToken.None));
        Assert.Contains("check", unknown.Message, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The images table's own indexes (not the primary key's), by name.</summary>
    private static async Task<List<string>> IndexNamesAsync(IngestDatabase database)
    {
        var sql = database.Dialect.IsPostgres
            ? "SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'images' AND indexname <> 'images_pkey'"
            : "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'images' AND sql IS NOT NULL ORDER BY name)";
        var names = (string?)await database.ScalarAsync(sql, null, CancellationToken.None);
        return [.. (names ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries)];
    }

    private static ImageRecord Image(string imageId, ImageSource source) =>
        new(imageId, "migrated-cam", source, "bucket", $"images/migrated-cam/{imageId}.jpg", new string('a', 64), 1234, "image/jpeg",
            _capturedAt, _capturedAt.AddSeconds(1), null, null, null);
}
