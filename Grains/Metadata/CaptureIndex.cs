using IngestionCluster.Storage.Database;

namespace IngestionCluster.Grains.Metadata;

/// <summary>Rows of the named-capture index: written when a named capture starts, is stored, goes stale or is forgotten.</summary>
public sealed class CaptureIndex(IngestDatabase database)
{
    private const string Columns = "image_id, camera_id, session_id, status, received, total, first_chunk_at, last_chunk_at, stored_image_id";

    public Task UpsertAsync(CaptureRow row, CancellationToken cancellationToken) => database.ExecuteAsync(Upsert(row), cancellationToken);

    /// <summary>The statement that writes <paramref name="row"/>, to run together with others (the stored image's row).</summary>
    public DbStatement Upsert(CaptureRow row) =>
        new DbStatement(
            $"""
            INSERT INTO captures ({Columns})
            VALUES (@image, @camera, @session, @status, @received, @total, @first, @last, @stored)
            ON CONFLICT (image_id, camera_id) DO UPDATE SET session_id = excluded.session_id, status = excluded.status,
                received = excluded.received, total = excluded.total, first_chunk_at = excluded.first_chunk_at,
                last_chunk_at = excluded.last_chunk_at, stored_image_id = excluded.stored_image_id
            """)
            .With("image", row.ImageId).With("camera", row.CameraId).With("session", row.SessionId).With("status", row.Status)
            .With("received", row.Received).With("total", row.Total).With("first", DbTime.Param(database.Dialect, row.FirstChunkAt))
            .With("last", DbTime.Param(database.Dialect, row.LastChunkAt)).With("stored", row.StoredImageId);

    /// <summary>The capture named <paramref name="imageId"/> of <paramref name="cameraId"/>, or without a camera the one that started last.</summary>
    public async Task<CaptureRow?> FindAsync(string imageId, string? cameraId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = cameraId is null
            ? $"SELECT {Columns} FROM captures WHERE image_id = @image ORDER BY first_chunk_at DESC LIMIT 1"
            : $"SELECT {Columns} FROM captures WHERE image_id = @image AND camera_id = @camera";
        command.With("image", imageId).With("camera", cameraId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }
        return Read(reader);
    }

    /// <summary>Every camera's capture named <paramref name="imageId"/>, at most <paramref name="max"/>, the latest first.</summary>
    public async Task<IReadOnlyList<CaptureRow>> ListByImageAsync(string imageId, int max, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM captures WHERE image_id = @image ORDER BY first_chunk_at DESC, camera_id LIMIT @max";
        command.With("image", imageId).With("max", max);
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<CaptureRow>> ReadAllAsync(System.Data.Common.DbCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<CaptureRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(Read(reader));
        }
        return rows;
    }

    private static CaptureRow Read(System.Data.Common.DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4), reader.GetInt32(5),
            DbTime.Read(reader, 6), DbTime.Read(reader, 7), reader.IsDBNull(8) ? null : reader.GetString(8));

    /// <summary>Captures in <paramref name="status"/>, the newest first; of one camera when <paramref name="cameraId"/> is set.</summary>
    public async Task<IReadOnlyList<CaptureRow>> ListAsync(string status, string? cameraId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var camera = cameraId is null ? string.Empty : " AND camera_id = @camera";
        command.CommandText = $"SELECT {Columns} FROM captures WHERE status = @status{camera} ORDER BY first_chunk_at DESC, image_id LIMIT @limit";
        command.With("status", status).With("camera", cameraId).With("limit", limit);
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public Task DeleteAsync(string imageId, string cameraId, CancellationToken cancellationToken) =>
        database.ExecuteAsync("DELETE FROM captures WHERE image_id = @image AND camera_id = @camera",
            c => c.With("image", imageId).With("camera", cameraId), cancellationToken);
}
