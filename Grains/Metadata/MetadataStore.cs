using System.Data.Common;
using System.Text.Json;
using IngestionCluster.Grains.Abstractions.Images;
using IngestionCluster.Storage.Database;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Grains.Metadata;

/// <summary>
/// The product's rows: images, persisted frames, stale sessions and the camera list. Every insert a
/// redelivery can repeat is idempotent (<c>ON CONFLICT DO NOTHING</c>): the first write wins.
/// </summary>
public sealed class MetadataStore(IngestDatabase database, TimeProvider clock)
{
    private const string ImageColumns =
        "image_id, camera_id, source, bucket, object_key, sha256, size_bytes, content_type, captured_at, received_at, chunk_count, meta, request_id";

    public IngestDatabase Database => database;

    public Task MigrateAsync(ILogger logger, CancellationToken cancellationToken) =>
        SchemaMigrator.ApplyAsync(database, MetadataSchema.Component, MetadataSchema.Migrations, logger, cancellationToken);

    /// <summary>Inserts the image unless a row with its id exists; returns whether this call inserted it.</summary>
    public async Task<bool> InsertImageAsync(ImageRecord image, CancellationToken cancellationToken) =>
        await database.ExecuteAsync(ImageInsert(image), cancellationToken).ConfigureAwait(false) == 1;

    /// <summary>
    /// Inserts the image unless a row with its id exists, in one unit with <paramref name="alongside"/> (rows that
    /// describe the same image): all of them take effect or none. Returns whether this call inserted the image.
    /// </summary>
    public async Task<bool> InsertImageAsync(ImageRecord image, IReadOnlyList<DbStatement> alongside, CancellationToken cancellationToken)
    {
        var affected = await database.ExecuteAtomicallyAsync([ImageInsert(image), .. alongside], cancellationToken).ConfigureAwait(false);
        return affected[0] == 1;
    }

    /// <summary>Inserts several images as one unit: all rows or none (rows that exist already are kept).</summary>
    public Task InsertImagesAsync(IReadOnlyList<ImageRecord> images, CancellationToken cancellationToken) =>
        database.ExecuteAtomicallyAsync([.. images.Select(ImageInsert)], cancellationToken);

    private DbStatement ImageInsert(ImageRecord image)
    {
        var dialect = database.Dialect;
        return new DbStatement(
            $"""
            INSERT INTO images ({ImageColumns})
            VALUES (@id, @camera, @source, @bucket, @key, @sha, @size, @type, @captured, @received, @chunks, {dialect.Json("@meta")}, @request)
            ON CONFLICT (image_id) DO NOTHING
            """)
            .With("id", image.ImageId).With("camera", image.CameraId).With("source", SourceName(image.Source))
            .With("bucket", image.Bucket).With("key", image.ObjectKey).With("sha", image.Sha256).With("size", image.SizeBytes)
            .With("type", image.ContentType).With("captured", DbTime.Param(dialect, image.CapturedAt))
            .With("received", DbTime.Param(dialect, image.ReceivedAt)).With("chunks", image.ChunkCount)
            .With("meta", image.Meta is { } meta ? meta.GetRawText() : null).With("request", image.RequestId);
    }

    public Task<ImageRecord?> GetImageAsync(string imageId, CancellationToken cancellationToken) =>
        IngestDatabase.MeasureAsync("query", () => GetImageCoreAsync(imageId, cancellationToken));

    private async Task<ImageRecord?> GetImageCoreAsync(string imageId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {ImageColumns} FROM images WHERE image_id = @id";
        command.With("id", imageId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadImage(reader) : null;
    }

    /// <summary>Images newest first, filtered by camera and received time, with the total that matches.</summary>
    public Task<Page<ImageRecord>> ListImagesAsync(ImageQuery query, CancellationToken cancellationToken) =>
        IngestDatabase.MeasureAsync("query", () => ListImagesCoreAsync(query, cancellationToken));

    private async Task<Page<ImageRecord>> ListImagesCoreAsync(ImageQuery query, CancellationToken cancellationToken)
    {
        var dialect = database.Dialect;
        var where = new List<string>();
        if (query.CameraId is not null)
        {
            where.Add("camera_id = @camera");
        }
        if (query.From is not null)
        {
            where.Add("received_at >= @from");
        }
        if (query.To is not null)
        {
            where.Add("received_at < @to");
        }
        var filter = where.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", where);
        void Bind(DbCommand c) => c.With("camera", query.CameraId).With("from", DbTime.Param(dialect, query.From)).With("to", DbTime.Param(dialect, query.To));

        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        long total;
        await using (var count = connection.CreateCommand())
        {
            count.CommandText = $"SELECT count(*) FROM images {filter}";
            Bind(count);
            total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }
        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT {ImageColumns} FROM images {filter} ORDER BY received_at DESC, image_id LIMIT @limit OFFSET @skip";
        Bind(select);
        select.With("limit", query.Limit).With("skip", query.Skip);
        var items = new List<ImageRecord>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(ReadImage(reader));
        }
        return new Page<ImageRecord>(items, total);
    }

    /// <summary>Deletes an image's row (and the frame rows that point at it); returns whether there was one.</summary>
    public async Task<bool> DeleteImageAsync(string imageId, CancellationToken cancellationToken)
    {
        await database.ExecuteAsync("DELETE FROM frames WHERE image_id = @id", c => c.With("id", imageId), cancellationToken).ConfigureAwait(false);
        return await database.ExecuteAsync("DELETE FROM images WHERE image_id = @id", c => c.With("id", imageId), cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>The row of a persisted frame, unless the camera has one with its sequence; to go in one unit with its image's row.</summary>
    public DbStatement FrameInsert(FrameRecord frame) =>
        new DbStatement(
            """
            INSERT INTO frames (camera_id, sequence, image_id, captured_at, motion, area)
            VALUES (@camera, @sequence, @image, @captured, @motion, @area)
            ON CONFLICT (camera_id, sequence) DO NOTHING
            """)
            .With("camera", frame.CameraId).With("sequence", frame.Sequence).With("image", frame.ImageId)
            .With("captured", DbTime.Param(database.Dialect, frame.CapturedAt)).With("motion", frame.Motion).With("area", frame.Area);

    /// <summary>The camera's last <paramref name="limit"/> persisted frames (whatever their source), newest first.</summary>
    public Task<IReadOnlyList<StoredFrame>> ListLatestFramesAsync(string cameraId, int limit, CancellationToken cancellationToken) =>
        IngestDatabase.MeasureAsync("query", () => ListLatestFramesCoreAsync(cameraId, limit, cancellationToken));

    private async Task<IReadOnlyList<StoredFrame>> ListLatestFramesCoreAsync(string cameraId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText =
            """
            SELECT f.sequence, f.image_id, f.captured_at, f.motion, f.area, i.sha256
            FROM frames f JOIN images i ON i.image_id = f.image_id
            WHERE f.camera_id = @camera
            ORDER BY f.sequence DESC LIMIT @limit
            """;
        command.With("camera", cameraId).With("limit", limit);
        var frames = new List<StoredFrame>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            frames.Add(new StoredFrame(reader.GetInt64(0), reader.GetString(1), DbTime.Read(reader, 2),
                Convert.ToBoolean(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture), reader.GetInt32(4), reader.GetString(5)));
        }
        return frames;
    }

    /// <summary>Records the stale session (once), in one unit with <paramref name="alongside"/>: all of them take effect or none.</summary>
    public Task RecordStaleSessionAsync(StaleSessionRecord session, IReadOnlyList<DbStatement> alongside, CancellationToken cancellationToken) =>
        database.ExecuteAtomicallyAsync(
        [
            new DbStatement(
                """
                INSERT INTO stale_sessions (camera_id, session_id, chunks_received, chunks_total, bytes_received, first_chunk_at, closed_at)
                VALUES (@camera, @session, @received, @total, @bytes, @first, @closed)
                ON CONFLICT (camera_id, session_id) DO NOTHING
                """)
                .With("camera", session.CameraId).With("session", session.SessionId).With("received", session.ChunksReceived)
                .With("total", session.ChunksTotal).With("bytes", session.BytesReceived)
                .With("first", DbTime.Param(database.Dialect, session.FirstChunkAt)).With("closed", DbTime.Param(database.Dialect, session.ClosedAt)),
            .. alongside,
        ], cancellationToken);

    public async Task<IReadOnlyList<StaleSessionRecord>> ListStaleSessionsAsync(string cameraId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT camera_id, session_id, chunks_received, chunks_total, bytes_received, first_chunk_at, closed_at FROM stale_sessions WHERE camera_id = @camera ORDER BY closed_at";
        command.With("camera", cameraId);
        var list = new List<StaleSessionRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new StaleSessionRecord(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt64(4),
                DbTime.Read(reader, 5), DbTime.Read(reader, 6)));
        }
        return list;
    }

    public Task UpsertCameraAsync(CameraRow camera, CancellationToken cancellationToken) =>
        database.ExecuteAsync(
            $"""
            INSERT INTO cameras (camera_id, source_type, source_url_masked, registration, created_at, updated_at)
            VALUES (@id, @type, @url, {database.Dialect.Json("@registration")}, @created, @updated)
            ON CONFLICT (camera_id) DO UPDATE SET source_type = excluded.source_type, source_url_masked = excluded.source_url_masked,
                registration = excluded.registration, updated_at = excluded.updated_at
            """,
            c => c.With("id", camera.CameraId).With("type", camera.SourceType).With("url", camera.SourceUrlMasked)
                .With("registration", camera.RegistrationJson).With("created", DbTime.Param(database.Dialect, camera.CreatedAt))
                .With("updated", DbTime.Param(database.Dialect, camera.UpdatedAt)),
            cancellationToken);

    public Task DeleteCameraAsync(string cameraId, CancellationToken cancellationToken) =>
        database.ExecuteAsync("DELETE FROM cameras WHERE camera_id = @id", c => c.With("id", cameraId), cancellationToken);

    public async Task<Page<string>> ListCameraIdsAsync(int skip, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        long total;
        await using (var count = connection.CreateCommand())
        {
            count.CommandText = "SELECT count(*) FROM cameras";
            total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT camera_id FROM cameras ORDER BY camera_id LIMIT @limit OFFSET @skip";
        command.With("limit", limit).With("skip", skip);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetString(0));
        }
        return new Page<string>(ids, total);
    }

    /// <summary>Ids of the registered cameras of one source type (<c>rtsp</c>, <c>mjpeg</c>, <c>mqtt</c>, <c>http_push</c>), in id order.</summary>
    public async Task<IReadOnlyList<string>> ListCameraIdsBySourceAsync(string sourceType, int skip, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT camera_id FROM cameras WHERE source_type = @type ORDER BY camera_id LIMIT @limit OFFSET @skip";
        command.With("type", sourceType).With("limit", limit).With("skip", skip);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    public DateTimeOffset Now => clock.GetUtcNow();

    private static ImageRecord ReadImage(DbDataReader reader)
    {
        var meta = reader.IsDBNull(11) ? (JsonElement?)null : JsonDocument.Parse(reader.GetString(11)).RootElement.Clone();
        return new ImageRecord(
            reader.GetString(0),
            reader.GetString(1),
            ParseSource(reader.GetString(2)),
            reader.GetString(3),
            reader.GetString(4),
            reader.GetString(5),
            reader.GetInt64(6),
            reader.GetString(7),
            DbTime.Read(reader, 8),
            DbTime.Read(reader, 9),
            reader.IsDBNull(10) ? null : reader.GetInt32(10),
            meta,
            reader.IsDBNull(12) ? null : reader.GetString(12));
    }

    public static string SourceName(ImageSource source) => source switch
    {
        ImageSource.Mqtt => "mqtt",
        ImageSource.Http => "http",
        ImageSource.Rtsp => "rtsp",
        ImageSource.Mjpeg => "mjpeg",
        _ => "upload",
    };

    private static ImageSource ParseSource(string value) => value switch
    {
        "mqtt" => ImageSource.Mqtt,
        "http" => ImageSource.Http,
        "rtsp" => ImageSource.Rtsp,
        "mjpeg" => ImageSource.Mjpeg,
        _ => ImageSource.Upload,
    };
}
