using IngestionCluster.Storage.Database;

namespace IngestionCluster.Storage.Staging;

/// <summary>The staging table of <see cref="DatabaseChunkStaging"/>.</summary>
public static class StagingSchema
{
    public static SchemaComponent Component { get; } = new("staging",
    [
        new(1, "staged MQTT chunks",
            """
            CREATE TABLE IF NOT EXISTS staged_chunks (
                session_key text NOT NULL,
                chunk_index integer NOT NULL,
                total integer NOT NULL,
                data bytea NOT NULL,
                received_at bigint NOT NULL,
                staged_at bigint NOT NULL,
                PRIMARY KEY (session_key, chunk_index));
            CREATE INDEX IF NOT EXISTS staged_chunks_staged ON staged_chunks (staged_at);
            """,
            """
            CREATE TABLE IF NOT EXISTS staged_chunks (
                session_key TEXT NOT NULL,
                chunk_index INTEGER NOT NULL,
                total INTEGER NOT NULL,
                data BLOB NOT NULL,
                received_at INTEGER NOT NULL,
                staged_at INTEGER NOT NULL,
                PRIMARY KEY (session_key, chunk_index));
            CREATE INDEX IF NOT EXISTS staged_chunks_staged ON staged_chunks (staged_at);
            """),
        new(2, "the packet identifier of each staged chunk",
            "ALTER TABLE staged_chunks ADD COLUMN IF NOT EXISTS delivery_id integer;",
            "ALTER TABLE staged_chunks ADD COLUMN delivery_id INTEGER;"),
    ]);
}
