using IngestionCluster.Storage.Database;

namespace IngestionCluster.Tests.Storage.Support;

/// <summary>A database trigger on the grain-state inserts of one state name, until disposed: the faults a test gives grain storage.</summary>
public sealed class GrainStateTrigger : IAsyncDisposable
{
    private readonly IngestDatabase _database;
    private readonly string _name;

    private GrainStateTrigger(IngestDatabase database, string name)
    {
        _database = database;
        _name = name;
    }

    /// <summary>
    /// Inserts that commit while their writer is told they failed, as when the connection is lost as the write commits: the
    /// trigger stores the row itself and drops the statement's own, so the statement returns no version.
    /// </summary>
    public static Task<GrainStateTrigger> LosingAnswersAsync(IngestDatabase database, string stateName) =>
        InstallAsync(database, "lose_write_answer", stateName,
            postgres: """
                IF pg_trigger_depth() = 1 AND NEW.grain_type = '{0}' THEN
                    INSERT INTO orleans_grain_state SELECT NEW.*;
                    RETURN NULL;
                END IF;
                RETURN NEW;
                """,
            // SQLite runs no trigger from within a trigger (recursive_triggers is off), and RAISE(IGNORE) keeps the trigger's insert.
            sqlite: """
                INSERT INTO orleans_grain_state (service_id, grain_type, key_n0, key_n1, key_ext, key_ext_null, payload, version)
                VALUES (NEW.service_id, NEW.grain_type, NEW.key_n0, NEW.key_n1, NEW.key_ext, NEW.key_ext_null, NEW.payload, NEW.version);
                SELECT RAISE(IGNORE);
                """);

    /// <summary>Inserts refused with an error.</summary>
    public static Task<GrainStateTrigger> RefusingWritesAsync(IngestDatabase database, string stateName) =>
        InstallAsync(database, "refuse_state_write", stateName,
            postgres: """
                IF NEW.grain_type = '{0}' THEN
                    RAISE EXCEPTION 'grain state writes of {0} are refused by the test';
                END IF;
                RETURN NEW;
                """,
            sqlite: "SELECT RAISE(ABORT, 'grain state writes of {0} are refused by the test');");

    /// <param name="postgres">The PL/pgSQL body, with <c>{0}</c> for the state name.</param>
    /// <param name="sqlite">The trigger's statements, run for inserts of the state name.</param>
    private static async Task<GrainStateTrigger> InstallAsync(IngestDatabase database, string name, string stateName, string postgres, string sqlite)
    {
        if (database.Dialect.IsPostgres)
        {
            await database.ExecuteAsync($"""
                CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                {string.Format(postgres, stateName)}
                END $$;
                CREATE TRIGGER {name} BEFORE INSERT ON orleans_grain_state FOR EACH ROW EXECUTE FUNCTION {name}();
                """, null, CancellationToken.None);
        }
        else
        {
            await database.ExecuteAsync($"""
                CREATE TRIGGER {name} BEFORE INSERT ON orleans_grain_state WHEN NEW.grain_type = '{stateName}'
                BEGIN
                {string.Format(sqlite, stateName)}
                END
                """, null, CancellationToken.None);
        }
        return new GrainStateTrigger(database, name);
    }

    public async ValueTask DisposeAsync()
    {
        await _database.ExecuteAsync($"DROP TRIGGER {_name}" + (_database.Dialect.IsPostgres ? $" ON orleans_grain_state; DROP FUNCTION {_name}()" : string.Empty),
            null, CancellationToken.None);
    }
}
