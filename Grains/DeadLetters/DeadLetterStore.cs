using System.Globalization;
using IngestionCluster.Grains.Abstractions.Catalog;
using IngestionCluster.Grains.Abstractions.DeadLetters;
using IngestionCluster.Grains.Metadata;
using IngestionCluster.Storage.Database;

namespace IngestionCluster.Grains.DeadLetters;

/// <summary>
/// Rows of the dead-letter table: one per rejected delivery, listed newest first. A delivery recorded again (same
/// <see cref="DeadLetter.Fingerprint"/>) keeps its first row.
/// </summary>
public sealed class DeadLetterStore(IngestDatabase database)
{
    /// <summary>Longest detail kept; longer ones are cut (a payload excerpt must not fill the table).</summary>
    private const int MaxDetailLength = 1000;

    public Task AddAsync(DeadLetter letter, CancellationToken cancellationToken) =>
        database.ExecuteAsync(
            """
            INSERT INTO dead_letters (source, topic, camera_id, reason, detail, payload_bytes, received_at, fingerprint)
            VALUES (@source, @topic, @camera, @reason, @detail, @bytes, @received, @fingerprint)
            ON CONFLICT (fingerprint) DO NOTHING
            """,
            c => c.With("source", letter.Source).With("topic", letter.Topic).With("camera", letter.CameraId).With("reason", letter.Reason)
                .With("detail", letter.Detail.Length > MaxDetailLength ? letter.Detail[..MaxDetailLength] : letter.Detail)
                .With("bytes", letter.PayloadBytes).With("received", DbTime.Param(database.Dialect, letter.ReceivedAt)).With("fingerprint", letter.Fingerprint),
            cancellationToken);

    public async Task<ResultPage<DeadLetter>> ListAsync(int skip, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        long total;
        await using (var count = connection.CreateCommand())
        {
            count.CommandText = "SELECT count(*) FROM dead_letters";
            total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT id, source, topic, camera_id, reason, detail, payload_bytes, received_at, fingerprint FROM dead_letters ORDER BY id DESC LIMIT @limit OFFSET @skip";
        command.With("limit", limit).With("skip", skip);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var letters = new List<DeadLetter>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            letters.Add(new DeadLetter(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetInt32(6), DbTime.Read(reader, 7),
                reader.IsDBNull(8) ? null : reader.GetString(8)));
        }
        return new ResultPage<DeadLetter>(letters, total);
    }
}
