using Npgsql;

namespace IngestionCluster.Tests.Runtime.TestGrains;

/// <summary>Where recorder grains write: (grain, sequence, kind) once each, with whether a delivery was a redelivery.</summary>
public sealed class RecordsTable(string connectionString)
{
    public string ConnectionString { get; } = connectionString;

    public async Task CreateAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "CREATE TABLE IF NOT EXISTS test_records (grain text NOT NULL, seq integer NOT NULL, kind text NOT NULL, redelivered boolean NOT NULL, silo text NOT NULL, PRIMARY KEY (grain, seq, kind))",
            connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task InsertAsync(string grain, string kind, string silo, IReadOnlyList<(int Sequence, bool Redelivered)> rows)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var batch = new NpgsqlBatch(connection);
        foreach (var (sequence, redelivered) in rows)
        {
            var command = new NpgsqlBatchCommand(
                "INSERT INTO test_records (grain, seq, kind, redelivered, silo) VALUES ($1, $2, $3, $4, $5) " +
                "ON CONFLICT (grain, seq, kind) DO UPDATE SET redelivered = test_records.redelivered OR excluded.redelivered");
            command.Parameters.Add(new NpgsqlParameter { Value = grain });
            command.Parameters.Add(new NpgsqlParameter { Value = sequence });
            command.Parameters.Add(new NpgsqlParameter { Value = kind });
            command.Parameters.Add(new NpgsqlParameter { Value = redelivered });
            command.Parameters.Add(new NpgsqlParameter { Value = silo });
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync();
    }

    public async Task<long> CountAsync(string kind, bool onlyRedelivered = false)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT count(*) FROM test_records WHERE kind = $1{(onlyRedelivered ? " AND redelivered" : "")}", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = kind });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
