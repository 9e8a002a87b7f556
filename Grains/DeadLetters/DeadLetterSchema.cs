using IngestionCluster.Storage.Database;

namespace IngestionCluster.Grains.DeadLetters;

/// <summary>The dead-letter table, in PostgreSQL and SQLite.</summary>
internal static class DeadLetterSchema
{
    public static SchemaComponent Component { get; } = new("dead_letters",
    [
        new(1, "dead letters",
            """
            CREATE TABLE IF NOT EXISTS dead_letters (
                id bigserial PRIMARY KEY,
                source text NOT NULL,
                topic text,
                camera_id text,
                reason text NOT NULL,
                detail text NOT NULL,
                payload_bytes integer NOT NULL,
                received_at timestamptz NOT NULL);
            CREATE INDEX IF NOT EXISTS dead_letters_received ON dead_letters (received_at DESC);
            """,
            """
            CREATE TABLE IF NOT EXISTS dead_letters (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                source TEXT NOT NULL,
                topic TEXT,
                camera_id TEXT,
                reason TEXT NOT NULL,
                detail TEXT NOT NULL,
                payload_bytes INTEGER NOT NULL,
                received_at TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS dead_letters_received ON dead_letters (received_at DESC);
            """),
        new(2, "one dead letter per delivery",
            """
            ALTER TABLE dead_letters ADD COLUMN IF NOT EXISTS fingerprint text;
            CREATE UNIQUE INDEX IF NOT EXISTS dead_letters_fingerprint ON dead_letters (fingerprint);
            """,
            """
            ALTER TABLE dead_letters ADD COLUMN fingerprint TEXT;
            CREATE UNIQUE INDEX IF NOT EXISTS dead_letters_fingerprint ON dead_letters (fingerprint);
            """),
    ]);
}
