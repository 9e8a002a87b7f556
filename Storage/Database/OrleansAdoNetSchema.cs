namespace IngestionCluster.Storage.Database;

/// <summary>
/// The tables and the <c>OrleansQuery</c> rows that Orleans' ADO.NET grain storage
/// (<c>Microsoft.Orleans.Persistence.AdoNet</c>) and reminder table (<c>Microsoft.Orleans.Reminders.AdoNet</c>)
/// need, for PostgreSQL (invariant <c>Npgsql</c>) and SQLite (invariant <c>System.Data.SQLite</c>, which Orleans
/// resolves to Microsoft.Data.Sqlite's <c>SqliteFactory</c>). Written from the providers' C# contract:
/// <list type="bullet">
/// <item>Both providers read their SQL from <c>OrleansQuery(QueryKey, QueryText)</c> with an unquoted
/// <c>SELECT QueryKey, QueryText FROM OrleansQuery</c>, so on PostgreSQL the table and its columns are created
/// unquoted (folded to lower case; Npgsql's <c>GetOrdinal</c> falls back to a case-insensitive match). The
/// reminder table reads every row and fails at start-up if one of its seven keys is missing; the grain storage
/// reads its four keys (<c>DeleteStorageKey</c> only matters with <c>DeleteStateOnClear</c>).</item>
/// <item>Parameters are bound by bare name (no prefix); the texts use <c>@Name</c>, which Npgsql and
/// Microsoft.Data.Sqlite both accept. Result columns are read by name, so the aliases are quoted on PostgreSQL.</item>
/// <item>Grain state: a row is identified by service id, the state name (Orleans passes the
/// <c>[PersistentState]</c> name as <c>GrainTypeString</c>, not the grain type), and the key as Orleans splits it
/// (<c>GrainIdN0</c>, <c>GrainIdN1</c>, <c>GrainIdExtensionString</c>). The Orleans hashes
/// (<c>GrainIdHash</c>, <c>GrainTypeHash</c>) are not stored or compared: the real key columns form the primary key,
/// so hash collisions cannot mix rows and a change of hasher cannot orphan them. A null extension is kept apart
/// from an empty one (<c>key_ext_null</c>), since string keys "1" and "1+" differ only that way.</item>
/// <item>Write returns the new version as <c>NewGrainStateVersion</c>, or no row when the expected version
/// (<c>GrainStateVersion</c>, null for a grain that has never been written) does not match, which Orleans turns
/// into <c>InconsistentStateException</c>. Clear keeps the row with a null payload and returns the new version in
/// its first column; Delete removes the row and returns the deleted version + 1. Read returns
/// <c>PayloadBinary</c> and <c>Version</c>, or no row.</item>
/// <item>Reminders: <c>GrainHash</c>, <c>BeginHash</c> and <c>EndHash</c> arrive as signed 32-bit casts of the
/// uint hashes; Orleans picks <c>ReadRangeRows1Key</c> when <c>(int)begin &lt; (int)end</c> (hash in
/// (begin, end]) and <c>ReadRangeRows2Key</c> otherwise (the wrapped range, or the whole ring when
/// begin == end). Upsert returns the new <c>Version</c>; delete returns one row with one boolean column,
/// true only when the row with that version was deleted.</item>
/// </list>
/// Every statement is idempotent (<c>IF NOT EXISTS</c>, <c>ON CONFLICT ... DO UPDATE</c> for the query texts),
/// and nothing in it refuses to run inside a transaction.
/// </summary>
public static class OrleansAdoNetSchema
{
    public const string Name = "orleans";

    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "Orleans grain state and reminders",
            PostgresSql: """
                CREATE TABLE IF NOT EXISTS OrleansQuery
                (
                    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
                    QueryText text        NOT NULL
                );

                CREATE TABLE IF NOT EXISTS orleans_grain_state
                (
                    service_id   text        NOT NULL,
                    grain_type   text        NOT NULL,
                    key_n0       bigint      NOT NULL,
                    key_n1       bigint      NOT NULL,
                    key_ext      text        NOT NULL,
                    key_ext_null boolean     NOT NULL,
                    payload      bytea       NULL,
                    version      integer     NOT NULL,
                    modified_at  timestamptz NOT NULL DEFAULT now(),
                    CONSTRAINT orleans_grain_state_pkey PRIMARY KEY (service_id, grain_type, key_n0, key_n1, key_ext, key_ext_null)
                );

                CREATE TABLE IF NOT EXISTS orleans_reminder
                (
                    service_id    text        NOT NULL,
                    grain_id      text        NOT NULL,
                    reminder_name text        NOT NULL,
                    start_time    timestamptz NOT NULL,
                    period        bigint      NOT NULL,
                    grain_hash    integer     NOT NULL,
                    version       integer     NOT NULL,
                    CONSTRAINT orleans_reminder_pkey PRIMARY KEY (service_id, grain_id, reminder_name)
                );

                CREATE INDEX IF NOT EXISTS orleans_reminder_hash_idx ON orleans_reminder (service_id, grain_hash);

                INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
                ('ReadFromStorageKey', '
                SELECT payload AS "PayloadBinary", version AS "Version"
                FROM orleans_grain_state
                WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
                  AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1
                  AND key_ext = COALESCE(@GrainIdExtensionString, '''') AND key_ext_null = (@GrainIdExtensionString IS NULL)
                '),
                ('WriteToStorageKey', '
                WITH updated AS (
                    UPDATE orleans_grain_state
                    SET payload = @PayloadBinary, version = version + 1, modified_at = now()
                    WHERE @GrainStateVersion IS NOT NULL
                      AND service_id = @ServiceId AND grain_type = @GrainTypeString
                      AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1
                      AND key_ext = COALESCE(@GrainIdExtensionString, '''') AND key_ext_null = (@GrainIdExtensionString IS NULL)
                      AND version = @GrainStateVersion
                    RETURNING version
                ), inserted AS (
                    INSERT INTO orleans_grain_state (service_id, grain_type, key_n0, key_n1, key_ext, key_ext_null, payload, version)
                    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1,
                           COALESCE(@GrainIdExtensionString, ''''), (@GrainIdExtensionString IS NULL), @PayloadBinary, 1
                    WHERE @GrainStateVersion IS NULL
                    ON CONFLICT DO NOTHING
                    RETURNING version
                )
                SELECT version AS "NewGrainStateVersion" FROM updated
                UNION ALL
                SELECT version FROM inserted
                '),
                ('ClearStorageKey', '
                WITH updated AS (
                    UPDATE orleans_grain_state
                    SET payload = NULL, version = version + 1, modified_at = now()
                    WHERE @GrainStateVersion IS NOT NULL
                      AND service_id = @ServiceId AND grain_type = @GrainTypeString
                      AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1
                      AND key_ext = COALESCE(@GrainIdExtensionString, '''') AND key_ext_null = (@GrainIdExtensionString IS NULL)
                      AND version = @GrainStateVersion
                    RETURNING version
                ), inserted AS (
                    INSERT INTO orleans_grain_state (service_id, grain_type, key_n0, key_n1, key_ext, key_ext_null, payload, version)
                    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1,
                           COALESCE(@GrainIdExtensionString, ''''), (@GrainIdExtensionString IS NULL), NULL, 1
                    WHERE @GrainStateVersion IS NULL
                    ON CONFLICT DO NOTHING
                    RETURNING version
                )
                SELECT version AS "NewGrainStateVersion" FROM updated
                UNION ALL
                SELECT version FROM inserted
                '),
                ('DeleteStorageKey', '
                DELETE FROM orleans_grain_state
                WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
                  AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1
                  AND key_ext = COALESCE(@GrainIdExtensionString, '''') AND key_ext_null = (@GrainIdExtensionString IS NULL)
                  AND version = @GrainStateVersion
                RETURNING version + 1 AS "NewGrainStateVersion"
                '),
                ('ReadReminderRowsKey', '
                SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period AS "Period", version AS "Version"
                FROM orleans_reminder
                WHERE service_id = @ServiceId AND grain_id = @GrainId
                '),
                ('ReadRangeRows1Key', '
                SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period AS "Period", version AS "Version"
                FROM orleans_reminder
                WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash
                '),
                ('ReadRangeRows2Key', '
                SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period AS "Period", version AS "Version"
                FROM orleans_reminder
                WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)
                '),
                ('ReadReminderRowKey', '
                SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period AS "Period", version AS "Version"
                FROM orleans_reminder
                WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
                '),
                ('UpsertReminderRowKey', '
                INSERT INTO orleans_reminder AS r (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
                VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 1)
                ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
                SET start_time = excluded.start_time, period = excluded.period, grain_hash = excluded.grain_hash, version = r.version + 1
                RETURNING r.version AS "Version"
                '),
                ('DeleteReminderRowKey', '
                WITH deleted AS (
                    DELETE FROM orleans_reminder
                    WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND version = @Version
                    RETURNING 1
                )
                SELECT EXISTS (SELECT 1 FROM deleted) AS "Deleted"
                '),
                ('DeleteReminderRowsKey', '
                DELETE FROM orleans_reminder WHERE service_id = @ServiceId
                ')
                ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
                """,
            SqliteSql: """
                CREATE TABLE IF NOT EXISTS OrleansQuery
                (
                    QueryKey  TEXT NOT NULL PRIMARY KEY,
                    QueryText TEXT NOT NULL
                );

                CREATE TABLE IF NOT EXISTS orleans_grain_state
                (
                    service_id   TEXT    NOT NULL,
                    grain_type   TEXT    NOT NULL,
                    key_n0       INTEGER NOT NULL,
                    key_n1       INTEGER NOT NULL,
                    key_ext      TEXT    NOT NULL,
                    key_ext_null INTEGER NOT NULL,
                    payload      BLOB    NULL,
                    version      INTEGER NOT NULL,
                    modified_at  TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
                    PRIMARY KEY (service_id, grain_type, key_n0, key_n1, key_ext, key_ext_null)
                );

                CREATE TABLE IF NOT EXISTS orleans_reminder
                (
                    service_id    TEXT    NOT NULL,
                    grain_id      TEXT    NOT NULL,
                    reminder_name TEXT    NOT NULL,
                    start_time    TEXT    NOT NULL,
                    period        INTEGER NOT NULL,
                    grain_hash    INTEGER NOT NULL,
                    version       INTEGER NOT NULL,
                    PRIMARY KEY (service_id, grain_id, reminder_name)
                );

                CREATE INDEX IF NOT EXISTS orleans_reminder_hash_idx ON orleans_reminder (service_id, grain_hash);

                INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
                ('ReadFromStorageKey', '
                SELECT payload AS PayloadBinary, version AS Version
                FROM orleans_grain_state
                WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
                  AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1
                  AND key_ext = COALESCE(@GrainIdExtensionString, '''') AND key_ext_null = (@GrainIdExtensionString IS NULL)
                '),
                ('WriteToStorageKey', '
                UPDATE orleans_grain_state
                SET payload = @PayloadBinary, version = version + 1, modified_at = CURRENT_TIMESTAMP
                WHERE @GrainStateVersion IS NOT NULL
                  AND service_id = @ServiceId AND grain_type = @GrainTypeString
                  AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1
                  AND key_ext = COALESCE(@GrainIdExtensionString, '''') AND key_ext_null = (@GrainIdExtensionString IS NULL)
                  AND version = @GrainStateVersion
                RETURNING version AS NewGrainStateVersion;
                INSERT INTO orleans_grain_state (service_id, grain_type, key_n0, key_n1, key_ext, key_ext_null, payload, version)
                SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1,
                       COALESCE(@GrainIdExtensionString, ''''), (@GrainIdExtensionString IS NULL), @PayloadBinary, 1
                WHERE @GrainStateVersion IS NULL
                ON CONFLICT DO NOTHING
                RETURNING version AS NewGrainStateVersion;
                '),
                ('ClearStorageKey', '
                UPDATE orleans_grain_state
                SET payload = NULL, version = version + 1, modified_at = CURRENT_TIMESTAMP
                WHERE @GrainStateVersion IS NOT NULL
                  AND service_id = @ServiceId AND grain_type = @GrainTypeString
                  AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1
                  AND key_ext = COALESCE(@GrainIdExtensionString, '''') AND key_ext_null = (@GrainIdExtensionString IS NULL)
                  AND version = @GrainStateVersion
                RETURNING version AS NewGrainStateVersion;
                INSERT INTO orleans_grain_state (service_id, grain_type, key_n0, key_n1, key_ext, key_ext_null, payload, version)
                SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1,
                       COALESCE(@GrainIdExtensionString, ''''), (@GrainIdExtensionString IS NULL), NULL, 1
                WHERE @GrainStateVersion IS NULL
                ON CONFLICT DO NOTHING
                RETURNING version AS NewGrainStateVersion;
                '),
                ('DeleteStorageKey', '
                DELETE FROM orleans_grain_state
                WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
                  AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1
                  AND key_ext = COALESCE(@GrainIdExtensionString, '''') AND key_ext_null = (@GrainIdExtensionString IS NULL)
                  AND version = @GrainStateVersion
                RETURNING version + 1 AS NewGrainStateVersion;
                '),
                ('ReadReminderRowsKey', '
                SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
                FROM orleans_reminder
                WHERE service_id = @ServiceId AND grain_id = @GrainId;
                '),
                ('ReadRangeRows1Key', '
                SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
                FROM orleans_reminder
                WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash;
                '),
                ('ReadRangeRows2Key', '
                SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
                FROM orleans_reminder
                WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash);
                '),
                ('ReadReminderRowKey', '
                SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
                FROM orleans_reminder
                WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName;
                '),
                ('UpsertReminderRowKey', '
                INSERT INTO orleans_reminder (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
                VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 1)
                ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
                SET start_time = excluded.start_time, period = excluded.period, grain_hash = excluded.grain_hash,
                    version = orleans_reminder.version + 1
                RETURNING version AS Version;
                '),
                ('DeleteReminderRowKey', '
                DELETE FROM orleans_reminder
                WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND version = @Version;
                SELECT changes() > 0 AS Deleted;
                '),
                ('DeleteReminderRowsKey', '
                DELETE FROM orleans_reminder WHERE service_id = @ServiceId;
                ')
                ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
                """),
    ];

    public static SchemaComponent Component { get; } = new(Name, Migrations);
}
