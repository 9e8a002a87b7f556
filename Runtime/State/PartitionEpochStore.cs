using IngestionCluster.Runtime.Database;

namespace IngestionCluster.Runtime.State;

/// <summary>
/// Each time a silo becomes the active consumer of a partition it bumps the partition's epoch. State
/// writes carry the epoch they were made under and fail once a newer owner has bumped it, which fences
/// off a stale activation that a broker partition left running.
/// </summary>
internal sealed class PartitionEpochStore(RuntimeDatabase database, TimeProvider clock)
{
    public async Task<long> BumpAsync(int partition, string owner, CancellationToken cancellationToken)
    {
        var epoch = await database.ScalarAsync(
            """
            INSERT INTO runtime_partition_epochs (partition, epoch, owner, claimed_at)
            VALUES (@partition, 1, @owner, @now)
            ON CONFLICT (partition) DO UPDATE
                SET epoch = runtime_partition_epochs.epoch + 1, owner = excluded.owner, claimed_at = excluded.claimed_at
            RETURNING epoch
            """,
            c => c.With("partition", partition).With("owner", owner).With("now", clock.GetUtcNow().ToUnixTimeMilliseconds()),
            cancellationToken).ConfigureAwait(false);
        return Convert.ToInt64(epoch, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<(long Epoch, string Owner)?> GetAsync(int partition, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT epoch, owner FROM runtime_partition_epochs WHERE partition = @partition";
        command.With("partition", partition);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? (reader.GetInt64(0), reader.GetString(1)) : null;
    }
}
