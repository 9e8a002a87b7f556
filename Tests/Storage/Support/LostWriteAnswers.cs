using IngestionCluster.Storage.Database;

namespace IngestionCluster.Tests.Storage.Support;

/// <summary>
/// A grain-state insert that commits while its writer is told it failed, as when the connection is lost as the write
/// commits: a trigger stores the row itself and drops the statement's own, so the statement returns no version.
/// </summary>
public sealed class LostWriteAnswers : IAsyncDisposable
{
    private readonly IngestDatabase _database;

    private LostWriteAnswers(IngestDatabase database) => _database = database;

    /// <param name="stateName">The state name (stored as the grain type) whose first writes lose their answer.</param>
    public static async Task<LostWriteAnswers> InstallAsync(IngestDatabase database, string stateName)
    {
        if (database.Dialect.IsPostgres)
        {
            await database.ExecuteAsync($"""
                CREATE FUNCTION lose_write_answer() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF pg_trigger_depth() = 1 AND NEW.grain_type = '{stateName}' THEN
                        INSERT INTO orleans_grain_state SELECT NEW.*;
                        RETURN NULL;
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER lose_write_answer BEFORE INSERT ON orleans_grain_state FOR EACH ROW EXECUTE FUNCTION lose_write_answer();
                """, null, CancellationToken.None);
        }
        else
        {
            // SQLite runs no trigger from within a trigger (recursive_triggers is off), and RAISE(IGNORE) keeps the trigger's insert.
            await database.ExecuteAsync($"""
                CREATE TRIGGER lose_write_answer BEFORE INSERT ON orleans_grain_state WHEN NEW.grain_type = '{stateName}'
                BEGIN
                    INSERT INTO orleans_grain_state (service_id, grain_type, key_n0, key_n1, key_ext, key_ext_null, payload, version)
                    VALUES (NEW.service_id, NEW.grain_type, NEW.key_n0, NEW.key_n1, NEW.key_ext, NEW.key_ext_null, NEW.payload, NEW.version);
                    SELECT RAISE(IGNORE);
                END
                """, null, CancellationToken.None);
        }
        return new LostWriteAnswers(database);
    }

    public async ValueTask DisposeAsync()
    {
        await _database.ExecuteAsync("DROP TRIGGER lose_write_answer" + (_database.Dialect.IsPostgres ? " ON orleans_grain_state; DROP FUNCTION lose_write_answer()" : string.Empty),
            null, CancellationToken.None);
    }
}
