using IngestionCluster.Runtime.Database;
using IngestionCluster.Runtime.Identity;

namespace IngestionCluster.Runtime.State;

/// <summary>Grain state rows with optimistic concurrency (etag) and epoch fencing.</summary>
internal sealed class GrainStateStore(RuntimeDatabase database, TimeProvider clock)
{
    private const string Fence = "EXISTS (SELECT 1 FROM runtime_partition_epochs WHERE partition = @partition AND epoch = @epoch)";

    public Task<StoredState?> ReadAsync(GrainId grain, string stateName, CancellationToken cancellationToken) =>
        RuntimeDatabase.MeasureAsync("state_read", () => ReadCoreAsync(grain, stateName, cancellationToken));

    private async Task<StoredState?> ReadCoreAsync(GrainId grain, string stateName, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT etag, data FROM runtime_grain_state WHERE grain_type = @type AND grain_key = @key";
        command.With("type", StateType(grain, stateName)).With("key", grain.Key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }
        return new StoredState(reader.GetString(0), reader.GetString(1));
    }

    /// <summary>Writes the state if <paramref name="expectedEtag"/> still matches; returns the new etag.</summary>
    public async Task<string> WriteAsync(GrainId grain, string stateName, string json, string? expectedEtag, FencingToken fence, CancellationToken cancellationToken)
    {
        var newEtag = Guid.NewGuid().ToString("N");
        var sql = expectedEtag is null
            ? $"""
              INSERT INTO runtime_grain_state (grain_type, grain_key, etag, data, updated_at)
              SELECT @type, @key, @etag, {database.Dialect.Json("@data")}, @now WHERE {Fence}
              ON CONFLICT (grain_type, grain_key) DO NOTHING
              """
            : $"""
              UPDATE runtime_grain_state SET etag = @etag, data = {database.Dialect.Json("@data")}, updated_at = @now
              WHERE grain_type = @type AND grain_key = @key AND etag = @expected AND {Fence}
              """;
        var rows = await database.ExecuteAsync(sql, c => c
            .With("type", StateType(grain, stateName)).With("key", grain.Key).With("etag", newEtag)
            .With("data", json).With("now", clock.GetUtcNow().ToUnixTimeMilliseconds())
            .With("expected", expectedEtag).With("partition", fence.Partition).With("epoch", fence.Epoch),
            cancellationToken).ConfigureAwait(false);
        if (rows != 1)
        {
            throw await ConflictAsync(grain, stateName, expectedEtag, fence, cancellationToken).ConfigureAwait(false);
        }
        return newEtag;
    }

    public async Task ClearAsync(GrainId grain, string stateName, string? expectedEtag, FencingToken fence, CancellationToken cancellationToken)
    {
        if (expectedEtag is null)
        {
            return;
        }
        var rows = await database.ExecuteAsync(
            $"DELETE FROM runtime_grain_state WHERE grain_type = @type AND grain_key = @key AND etag = @expected AND {Fence}",
            c => c.With("type", StateType(grain, stateName)).With("key", grain.Key).With("expected", expectedEtag)
                .With("partition", fence.Partition).With("epoch", fence.Epoch),
            cancellationToken).ConfigureAwait(false);
        if (rows != 1)
        {
            throw await ConflictAsync(grain, stateName, expectedEtag, fence, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<InconsistentStateException> ConflictAsync(GrainId grain, string stateName, string? expectedEtag, FencingToken fence, CancellationToken cancellationToken)
    {
        var current = await new PartitionEpochStore(database, clock).GetAsync(fence.Partition, cancellationToken).ConfigureAwait(false);
        if (current is { } owner && owner.Epoch != fence.Epoch)
        {
            return new InconsistentStateException(
                $"State '{stateName}' of {grain} was not written: partition {fence.Partition} now belongs to {owner.Owner} (epoch {owner.Epoch}, this activation holds {fence.Epoch}).");
        }
        return new InconsistentStateException(
            $"State '{stateName}' of {grain} was not written: its etag is no longer {expectedEtag ?? "(none)"} (another activation wrote it).");
    }

    private static string StateType(GrainId grain, string stateName) => $"{grain.Type}#{stateName}";
}
