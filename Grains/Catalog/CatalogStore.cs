using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using IngestionCluster.Grains.Abstractions.Catalog;
using IngestionCluster.Grains.Abstractions.Jobs;
using IngestionCluster.Grains.Abstractions.Ldos;
using IngestionCluster.Grains.Abstractions.Requests;
using IngestionCluster.Grains.Metadata;
using IngestionCluster.Storage.Database;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Grains.Catalog;

/// <summary>The LDO, upload-job and ingest-request lists. Their grains upsert a row after every state change; the catalog grain reads them.</summary>
public sealed class CatalogStore(IngestDatabase database)
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    public Task MigrateAsync(ILogger logger, CancellationToken cancellationToken) =>
        SchemaMigrator.ApplyAsync(database, CatalogSchema.Component, CatalogSchema.Migrations, logger, cancellationToken);

    public Task UpsertLdoAsync(LdoSummary ldo, CancellationToken cancellationToken) =>
        database.ExecuteAsync(
            """
            INSERT INTO ldos (ldo_id, status, filename, size_bytes, created_at)
            VALUES (@id, @status, @filename, @size, @created)
            ON CONFLICT (ldo_id) DO UPDATE SET status = excluded.status, filename = excluded.filename, size_bytes = excluded.size_bytes
            """,
            c => c.With("id", ldo.Id).With("status", ldo.Status).With("filename", ldo.Filename).With("size", ldo.SizeBytes)
                .With("created", DbTime.Param(database.Dialect, ldo.CreatedAt)),
            cancellationToken);

    public Task DeleteLdoAsync(string ldoId, CancellationToken cancellationToken) =>
        database.ExecuteAsync("DELETE FROM ldos WHERE ldo_id = @id", c => c.With("id", ldoId), cancellationToken);

    public async Task<ResultPage<LdoSummary>> ListLdosAsync(int skip, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var total = await CountAsync(connection, "SELECT count(*) FROM ldos", null, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT ldo_id, status, filename, size_bytes, created_at FROM ldos ORDER BY created_at DESC, ldo_id LIMIT @limit OFFSET @skip";
        command.With("limit", limit).With("skip", skip);
        var items = new List<LdoSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(new LdoSummary(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), DbTime.Read(reader, 4), reader.GetInt64(3)));
        }
        return new ResultPage<LdoSummary>(items, total);
    }

    public Task UpsertJobAsync(UploadJobInfo job, CancellationToken cancellationToken) =>
        database.ExecuteAsync(
            $"""
            INSERT INTO upload_jobs (job_id, status, created_at, updated_at, info)
            VALUES (@id, @status, @created, @updated, {database.Dialect.Json("@info")})
            ON CONFLICT (job_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at, info = excluded.info
            """,
            c => c.With("id", job.JobId).With("status", StatusName(job.Status)).With("created", DbTime.Param(database.Dialect, job.CreatedAt))
                .With("updated", DbTime.Param(database.Dialect, job.UpdatedAt)).With("info", JsonSerializer.Serialize(job, _json)),
            cancellationToken);

    public async Task<ResultPage<UploadJobInfo>> ListJobsAsync(UploadJobStatus? status, int skip, int limit, CancellationToken cancellationToken)
    {
        var filter = status is null ? string.Empty : "WHERE status = @status";
        void Bind(DbCommand c) => c.With("status", status is { } s ? StatusName(s) : null);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var total = await CountAsync(connection, $"SELECT count(*) FROM upload_jobs {filter}", Bind, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT info FROM upload_jobs {filter} ORDER BY created_at DESC, job_id LIMIT @limit OFFSET @skip";
        Bind(command);
        command.With("limit", limit).With("skip", skip);
        var items = new List<UploadJobInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(JsonSerializer.Deserialize<UploadJobInfo>(reader.GetString(0), _json)
                ?? throw new InvalidDataException("An upload_jobs row holds no job."));
        }
        return new ResultPage<UploadJobInfo>(items, total);
    }

    public Task UpsertRequestAsync(IngestRequestInfo request, CancellationToken cancellationToken) =>
        database.ExecuteAsync(
            $"""
            INSERT INTO ingest_requests (request_id, status, camera_id, created_at, updated_at, info)
            VALUES (@id, @status, @camera, @created, @updated, {database.Dialect.Json("@info")})
            ON CONFLICT (request_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at, info = excluded.info
            """,
            c => c.With("id", request.RequestId).With("status", EnumName(request.Status)).With("camera", request.CameraId)
                .With("created", DbTime.Param(database.Dialect, request.CreatedAt)).With("updated", DbTime.Param(database.Dialect, request.UpdatedAt))
                .With("info", JsonSerializer.Serialize(request, _json)),
            cancellationToken);

    public async Task<ResultPage<IngestRequestInfo>> ListRequestsAsync(IngestRequestListQuery query, CancellationToken cancellationToken)
    {
        var conditions = new List<string>();
        if (query.Status is not null)
        {
            conditions.Add("status = @status");
        }
        if (query.CameraId is not null)
        {
            conditions.Add("camera_id = @camera");
        }
        var filter = conditions.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", conditions);
        void Bind(DbCommand c) => c.With("status", query.Status is { } s ? EnumName(s) : null).With("camera", query.CameraId);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var total = await CountAsync(connection, $"SELECT count(*) FROM ingest_requests {filter}", Bind, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT info FROM ingest_requests {filter} ORDER BY created_at DESC, request_id LIMIT @limit OFFSET @skip";
        Bind(command);
        command.With("limit", query.Limit).With("skip", query.Skip);
        var items = new List<IngestRequestInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(JsonSerializer.Deserialize<IngestRequestInfo>(reader.GetString(0), _json)
                ?? throw new InvalidDataException("An ingest_requests row holds no request."));
        }
        return new ResultPage<IngestRequestInfo>(items, total);
    }

    private static async Task<long> CountAsync(DbConnection connection, string sql, Action<DbCommand>? bind, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind?.Invoke(command);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static string StatusName(UploadJobStatus status) => EnumName(status);

    /// <summary>An enum value as its JSON name (the enums carry their own string converters).</summary>
    private static string EnumName<T>(T value) where T : struct, Enum => JsonSerializer.Serialize(value).Trim('"');
}
