using IngestionCluster.Runtime.Database;
using IngestionCluster.Runtime.Identity;

namespace IngestionCluster.Runtime.State;

internal sealed record ReminderEntry(GrainId Grain, string Name, int Partition, DateTimeOffset StartAt, TimeSpan Period);

/// <summary>Durable reminders, kept with the partition of their grain.</summary>
internal sealed class ReminderStore(RuntimeDatabase database)
{
    public Task UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken) =>
        database.ExecuteAsync(
            """
            INSERT INTO runtime_reminders (grain_type, grain_key, reminder_name, partition, start_at, period_ms)
            VALUES (@type, @key, @name, @partition, @start, @period)
            ON CONFLICT (grain_type, grain_key, reminder_name) DO UPDATE
                SET partition = excluded.partition, start_at = excluded.start_at, period_ms = excluded.period_ms
            """,
            c => c.With("type", entry.Grain.Type).With("key", entry.Grain.Key).With("name", entry.Name)
                .With("partition", entry.Partition).With("start", entry.StartAt.ToUnixTimeMilliseconds())
                .With("period", (long)entry.Period.TotalMilliseconds),
            cancellationToken);

    public Task DeleteAsync(GrainId grain, string name, CancellationToken cancellationToken) =>
        database.ExecuteAsync(
            "DELETE FROM runtime_reminders WHERE grain_type = @type AND grain_key = @key AND reminder_name = @name",
            c => c.With("type", grain.Type).With("key", grain.Key).With("name", name),
            cancellationToken);

    public async Task<IReadOnlyList<ReminderEntry>> ListAsync(int partition, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT grain_type, grain_key, reminder_name, start_at, period_ms FROM runtime_reminders WHERE partition = @partition";
        command.With("partition", partition);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<ReminderEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new ReminderEntry(
                new GrainId(reader.GetString(0), reader.GetString(1)),
                reader.GetString(2),
                partition,
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                TimeSpan.FromMilliseconds(reader.GetInt64(4))));
        }
        return entries;
    }
}
