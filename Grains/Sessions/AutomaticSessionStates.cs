using System.Data.Common;
using System.Globalization;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Storage.Database;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace IngestionCluster.Grains.Sessions;

/// <summary>
/// The grain-state rows of a camera's automatic capture sessions (chunks without an <c>image_id</c>), in the table
/// Orleans' ADO.NET grain storage writes. Nothing reads an old one again: a camera recalls only its latest few
/// sessions, and progress is answered from the stored images. Rows are deleted by their exact keys (the primary key),
/// only when they are older than the retention, so a session still waiting for its last chunks, or to go stale,
/// keeps its row.
/// </summary>
public sealed class AutomaticSessionStates(IngestDatabase database, IOptions<ClusterOptions> cluster)
{
    /// <summary>Rows one prune reads and deletes at most.</summary>
    public const int MaxSessionsPerPrune = 256;

    /// <summary>The least wait before the next prune: a clock step back cannot make the camera try on every image.</summary>
    private static readonly TimeSpan _shortestWait = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Deletes the rows of sessions <paramref name="from"/> up to (not including) <paramref name="until"/> that are older
    /// than <paramref name="retention"/>, from the oldest on, stopping at the first younger one.
    /// </summary>
    /// <param name="dueAfterSessions">How many younger rows must have aged before the next prune is worth its round trips.</param>
    public async Task<SessionStatePrune> PruneAsync(
        string cameraId, long from, long until, TimeSpan retention, int dueAfterSessions, CancellationToken cancellationToken)
    {
        if (until - from is < 1 or > MaxSessionsPerPrune)
        {
            throw new ArgumentOutOfRangeException(nameof(until), $"A prune covers 1 to {MaxSessionsPerPrune} sessions, not {until - from}.");
        }
        var keys = Enumerable.Range(0, (int)(until - from))
            .Select(offset => GrainKeys.CaptureSession(cameraId, CaptureSessionIds.Automatic(from + offset)))
            .ToArray();
        var rows = await ReadAsync(keys, retention, cancellationToken).ConfigureAwait(false);
        var firstYoung = Array.FindIndex(keys, key => rows.TryGetValue(key, out var row) && !row.Expired);
        var expired = Enumerable.Range(0, firstYoung < 0 ? keys.Length : firstYoung).Where(i => rows.ContainsKey(keys[i])).ToArray();
        var deleted = expired.Length == 0 ? [] : await DeleteAsync([.. expired.Select(i => keys[i])], retention, cancellationToken).ConfigureAwait(false);
        if (expired.FirstOrDefault(i => !deleted.Contains(keys[i]), -1) is var rewritten and >= 0)
        {
            // Written again since it was read (by a second activation of its session, say): it is young now.
            return new SessionStatePrune(from + rewritten, deleted.Count, DueIn: retention);
        }
        // Past the last row deleted, not past sessions without a row: one may not have written it yet (a session writes
        // its row when it stores its image or goes stale). A window with no row at all holds none to wait for.
        var prunedBelow = rows.Count == 0 ? until : expired.Length > 0 ? from + expired[^1] + 1 : from;
        if (firstYoung < 0)
        {
            return new SessionStatePrune(prunedBelow, deleted.Count, DueIn: null);
        }
        // The next prune is due when the first rows it would find, young ones and old ones after them, have all aged.
        var youngest = Enumerable.Range(firstYoung, keys.Length - firstYoung)
            .Where(i => rows.ContainsKey(keys[i])).Take(dueAfterSessions).Min(i => rows[keys[i]].Age);
        var dueIn = retention - youngest;
        return new SessionStatePrune(prunedBelow, deleted.Count, DueIn: dueIn > _shortestWait ? dueIn : _shortestWait);
    }

    private Task<Dictionary<string, (TimeSpan Age, bool Expired)>> ReadAsync(string[] keys, TimeSpan retention, CancellationToken cancellationToken) =>
        IngestDatabase.MeasureAsync("query", async () =>
        {
            var ageInSeconds = database.Dialect.IsPostgres
                ? "EXTRACT(EPOCH FROM now() - modified_at)::float8"
                : "(julianday('now') - julianday(modified_at)) * 86400.0";
            await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            // Expired by the delete's own test: on SQLite the timestamps have whole seconds, which the age does not.
            command.CommandText = $"""
                SELECT key_ext, {ageInSeconds}, CASE WHEN {OlderThanRetention} THEN 1 ELSE 0 END
                FROM orleans_grain_state WHERE {RowsNamed(keys.Length)}
                """;
            BindKeys(command, keys).With("retention", retention.TotalSeconds);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var rows = new Dictionary<string, (TimeSpan Age, bool Expired)>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows[reader.GetString(0)] = (TimeSpan.FromSeconds(Math.Max(0, reader.GetDouble(1))), Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture) == 1);
            }
            return rows;
        });

    /// <summary>The age is tested again in the delete itself: a row written since it was read stays. Returns the keys deleted.</summary>
    private Task<HashSet<string>> DeleteAsync(string[] keys, TimeSpan retention, CancellationToken cancellationToken) =>
        IngestDatabase.MeasureAsync("delete", async () =>
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = $"DELETE FROM orleans_grain_state WHERE {RowsNamed(keys.Length)} AND {OlderThanRetention} RETURNING key_ext";
            BindKeys(command, keys).With("retention", retention.TotalSeconds);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var deleted = new HashSet<string>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                deleted.Add(reader.GetString(0));
            }
            return deleted;
        });

    private string OlderThanRetention => database.Dialect.IsPostgres
        ? "modified_at < now() - make_interval(secs => @retention)"
        : "modified_at < datetime('now', '-' || @retention || ' seconds')";

    /// <summary>The rows of <paramref name="count"/> keys (<c>@k0</c>, <c>@k1</c>, …), in the primary key's column order so the lookups use it.</summary>
    private string RowsNamed(int count)
    {
        var keys = string.Join(", ", Enumerable.Range(0, count).Select(i => "@k" + i.ToString(CultureInfo.InvariantCulture)));
        var notNull = database.Dialect.IsPostgres ? "NOT key_ext_null" : "key_ext_null = 0";
        return $"service_id = @service AND grain_type = @type AND key_n0 = 0 AND key_n1 = 0 AND key_ext IN ({keys}) AND {notNull}";
    }

    private DbCommand BindKeys(DbCommand command, string[] keys)
    {
        command.With("service", cluster.Value.ServiceId).With("type", CaptureSessionGrain.StateName);
        for (var i = 0; i < keys.Length; i++)
        {
            command.With("k" + i.ToString(CultureInfo.InvariantCulture), keys[i]);
        }
        return command;
    }
}
