using IngestionCluster.Storage.Database;

namespace IngestionCluster.Tests.Storage.Support;

/// <summary>Grain-state inserts of one state name refused by the database (a trigger), until disposed.</summary>
public sealed class RefusedStateWrites : IAsyncDisposable
{
    private readonly IngestDatabase _database;

    private RefusedStateWrites(IngestDatabase database) => _database = database;

    public static async Task<RefusedStateWrites> InstallAsync(IngestDatabase database, string stateName)
    {
        if (database.Dialect.IsPostgres)
        {
            await database.ExecuteAsync($"""
                CREATE FUNCTION refuse_state_write() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.grain_type = '{stateName}' THEN
                        RAISE EXCEPTION 'grain state writes of {stateName} are refused by the test';
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER refuse_state_write BEFORE INSERT ON orleans_grain_state FOR EACH ROW EXECUTE FUNCTION refuse_state_write();
                """, null, CancellationToken.None);
        }
        else
        {
            await database.ExecuteAsync($"""
                CREATE TRIGGER refuse_state_write BEFORE INSERT ON orleans_grain_state WHEN NEW.grain_type = '{stateName}'
                BEGIN
                    SELECT RAISE(ABORT, 'grain state writes of {stateName} are refused by the test');
                END
                """, null, CancellationToken.None);
        }
        return new RefusedStateWrites(database);
    }

    public async ValueTask DisposeAsync()
    {
        await _database.ExecuteAsync("DROP TRIGGER refuse_state_write" + (_database.Dialect.IsPostgres ? " ON orleans_grain_state; DROP FUNCTION refuse_state_write()" : string.Empty),
            null, CancellationToken.None);
    }
}
