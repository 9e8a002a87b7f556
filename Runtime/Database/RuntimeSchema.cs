namespace IngestionCluster.Runtime.Database;

/// <summary>The runtime's own tables: grain state, partition epochs (fencing) and reminders.</summary>
internal static class RuntimeSchema
{
    public const string Component = "runtime";

    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "grain state, partition epochs, reminders",
            """
            CREATE TABLE IF NOT EXISTS runtime_grain_state (
                grain_type text NOT NULL,
                grain_key text NOT NULL,
                etag text NOT NULL,
                data jsonb NOT NULL,
                updated_at bigint NOT NULL,
                PRIMARY KEY (grain_type, grain_key));
            CREATE TABLE IF NOT EXISTS runtime_partition_epochs (
                partition integer PRIMARY KEY,
                epoch bigint NOT NULL,
                owner text NOT NULL,
                claimed_at bigint NOT NULL);
            CREATE TABLE IF NOT EXISTS runtime_reminders (
                grain_type text NOT NULL,
                grain_key text NOT NULL,
                reminder_name text NOT NULL,
                partition integer NOT NULL,
                start_at bigint NOT NULL,
                period_ms bigint NOT NULL,
                PRIMARY KEY (grain_type, grain_key, reminder_name));
            CREATE INDEX IF NOT EXISTS runtime_reminders_partition ON runtime_reminders (partition);
            """,
            """
            CREATE TABLE IF NOT EXISTS runtime_grain_state (
                grain_type TEXT NOT NULL,
                grain_key TEXT NOT NULL,
                etag TEXT NOT NULL,
                data TEXT NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (grain_type, grain_key));
            CREATE TABLE IF NOT EXISTS runtime_partition_epochs (
                partition INTEGER PRIMARY KEY,
                epoch INTEGER NOT NULL,
                owner TEXT NOT NULL,
                claimed_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS runtime_reminders (
                grain_type TEXT NOT NULL,
                grain_key TEXT NOT NULL,
                reminder_name TEXT NOT NULL,
                partition INTEGER NOT NULL,
                start_at INTEGER NOT NULL,
                period_ms INTEGER NOT NULL,
                PRIMARY KEY (grain_type, grain_key, reminder_name));
            CREATE INDEX IF NOT EXISTS runtime_reminders_partition ON runtime_reminders (partition);
            """),
    ];
}
