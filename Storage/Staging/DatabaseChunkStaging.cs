using IngestionCluster.Storage.Database;

namespace IngestionCluster.Storage.Staging;

/// <summary>Standalone mode's staging: a table in the SQLite file (it works on PostgreSQL too). A chunk is durable once its insert committed.</summary>
public sealed class DatabaseChunkStaging(IngestDatabase database, TimeProvider clock) : IChunkStaging
{
    public Task StageAsync(string sessionKey, IReadOnlyList<StagedChunk> chunks, CancellationToken cancellationToken)
    {
        var stagedAt = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return database.ExecuteAtomicallyAsync([.. chunks.Select(chunk => new DbStatement(
            """
            INSERT INTO staged_chunks (session_key, chunk_index, total, data, received_at, staged_at, delivery_id)
            VALUES (@session, @index, @total, @data, @received, @staged, @delivery)
            ON CONFLICT (session_key, chunk_index) DO UPDATE SET total = excluded.total, data = excluded.data,
                received_at = excluded.received_at, staged_at = excluded.staged_at, delivery_id = excluded.delivery_id
            """)
            .With("session", sessionKey).With("index", chunk.Index).With("total", chunk.Total).With("data", chunk.Data)
            .With("received", chunk.ReceivedAt.ToUnixTimeMilliseconds()).With("staged", stagedAt).With("delivery", chunk.DeliveryId))], cancellationToken);
    }

    public async Task<StagedSession?> LoadAsync(string sessionKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT chunk_index, total, data, received_at, staged_at, delivery_id FROM staged_chunks WHERE session_key = @session ORDER BY chunk_index";
        command.With("session", sessionKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var chunks = new List<StagedChunk>();
        long lastStaged = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            chunks.Add(new StagedChunk(reader.GetInt32(0), reader.GetInt32(1), (byte[])reader.GetValue(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), reader.IsDBNull(5) ? null : reader.GetInt32(5)));
            lastStaged = Math.Max(lastStaged, reader.GetInt64(4));
        }
        return chunks.Count == 0 ? null : new StagedSession(sessionKey, chunks, DateTimeOffset.FromUnixTimeMilliseconds(lastStaged));
    }

    public Task DropAsync(string sessionKey, CancellationToken cancellationToken) =>
        database.ExecuteAsync("DELETE FROM staged_chunks WHERE session_key = @session", c => c.With("session", sessionKey), cancellationToken);

    public async Task<IReadOnlyList<string>> ListIdleAsync(DateTimeOffset stagedBefore, int max, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText =
            """
            SELECT session_key FROM staged_chunks GROUP BY session_key
            HAVING MAX(staged_at) < @before ORDER BY MAX(staged_at) LIMIT @max
            """;
        command.With("before", stagedBefore.ToUnixTimeMilliseconds()).With("max", max);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var sessions = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            sessions.Add(reader.GetString(0));
        }
        return sessions;
    }

    public Task CheckHealthAsync(CancellationToken cancellationToken) => database.CheckHealthAsync(cancellationToken);
}
