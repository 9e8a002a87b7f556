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
        var ages = await ReadAgesAsync(keys, cancellationToken).ConfigureAwait(false);
        var firstYoung = Array.FindIndex(keys, key => ages.TryGetValue(key, out var age) && age < retention);
        var expired = keys.Take(firstYoung < 0 ? keys.Length : firstYoung).Where(ages.ContainsKey).ToArray();
        var deleted = expired.Length == 0 ? 0 : await DeleteAsync(expired, retention, cancellationToken).ConfigureAwait(false);
        if (deleted < expired.Length)
        {
            // Written again since it was read (by a second activation of its session, say): it stays, and is tried again later.
            return new SessionStatePrune(from, deleted, DueIn: retention);
        }
        if (firstYoung < 0)
        {
            return new SessionStatePrune(until, deleted, DueIn: null);
        }
        var young = keys.Skip(firstYoung).Where(ages.ContainsKey).Select(key => ages[key]).ToArray();
        var waitFor = young[Math.Min(dueAfterSessions, young.Length) - 1];
        return new SessionStatePrune(from + firstYoung, deleted, DueIn: retention - waitFor);
    }

    private async Task<Dictionary<string, TimeSpan>> ReadAgesAsync(string[] keys, CancellationToken cancellationToken)
    {
        var ageInSeconds = database.Dialect.IsPostgres
            ? "EXTRACT(EPOCH FROM now() - modified_at)::float8"
            : "(julianday('now') - julianday(modified_at)) * 86400.0";
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT key_ext, {ageInSeconds} FROM orleans_grain_state WHERE {RowsNamed(keys.Length)}";
        BindKeys(command, keys);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var ages = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ages[reader.GetString(0)] = TimeSpan.FromSeconds(Math.Max(0, reader.GetDouble(1)));
        }
        return ages;
    }

    /// <summary>The age is checked again in the delete itself: a row written since it was read stays.</summary>
    private Task<int> DeleteAsync(string[] keys, TimeSpan retention, CancellationToken cancellationToken)
    {
        var writtenBefore = database.Dialect.IsPostgres
            ? "now() - make_interval(secs => @retention)"
            : "datetime('now', '-' || @retention || ' seconds')";
        return database.ExecuteAsync(
            $"DELETE FROM orleans_grain_state WHERE {RowsNamed(keys.Length)} AND modified_at < {writtenBefore}",
            command => BindKeys(command, keys).With("retention", retention.TotalSeconds),
            cancellationToken);
    }

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
