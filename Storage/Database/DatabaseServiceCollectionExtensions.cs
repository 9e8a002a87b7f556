using IngestionCluster.ServiceDefaults;
using IngestionCluster.ServiceDefaults.Health;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace IngestionCluster.Storage.Database;

public static class DatabaseServiceCollectionExtensions
{
    /// <summary>
    /// The process's database (sections <c>Db</c> and <c>Data</c>): SQLite under <c>Data__Dir</c> in standalone
    /// mode, PostgreSQL in cluster mode unless <c>Db__Provider</c> says otherwise; with its readiness check.
    /// </summary>
    public static IServiceCollection AddIngestDatabase(this IServiceCollection services, IConfiguration configuration, ClusterMode mode)
    {
        // Checked now, so a bad provider stops the process at start; read again when first used, since hosts (and
        // test factories) may add configuration sources after this call.
        var database = ReadDatabase(configuration);
        if (ResolveProvider(database, mode) == DatabaseProvider.Postgres)
        {
            ValidatePostgresConnectionString(database.ConnectionString);
            ValidatePostgresParts(database);
            ValidatePoolBudget(database);
        }
        services.TryAddSingleton(_ => ReadData(configuration));
        services.TryAddSingleton(_ => ReadDatabase(configuration));
        services.TryAddSingleton(sp =>
        {
            var database = sp.GetRequiredService<DatabaseOptions>();
            return IngestDatabase.Create(database, ResolveProvider(database, mode), sp.GetRequiredService<DataOptions>().Dir);
        });
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>(DatabaseHealthCheck.Name, HealthStatus.Unhealthy, [HealthTags.Ready], TimeSpan.FromSeconds(10));
        return services;
    }

    /// <summary>Refuses a connection string Npgsql cannot read; its message names the keyword, never a value.</summary>
    public static void ValidatePostgresConnectionString(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return;
        }
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new OptionsValidationException(DatabaseOptions.SectionName, typeof(DatabaseOptions),
                [$"Db__ConnectionString is not a PostgreSQL connection string Npgsql accepts: {e.Message} (keywords: https://www.npgsql.org/doc/connection-string-parameters.html)."]);
        }
    }

    /// <summary>Without a connection string, the parts it is built from must make one (Npgsql throws on a port out of range).</summary>
    public static void ValidatePostgresParts(DatabaseOptions database)
    {
        if (!string.IsNullOrWhiteSpace(database.ConnectionString))
        {
            return;
        }
        var problems = new List<string>();
        if (database.Port is < 1 or > 65535)
        {
            problems.Add($"Db__Port must be a port number from 1 to 65535 (got {database.Port}).");
        }
        if (string.IsNullOrWhiteSpace(database.Host))
        {
            problems.Add("Db__Host must name the PostgreSQL server (or set Db__ConnectionString).");
        }
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(DatabaseOptions.SectionName, typeof(DatabaseOptions), problems);
        }
    }

    /// <summary>Refuses a budget too small to give each of the process's two pools a connection.</summary>
    public static void ValidatePoolBudget(DatabaseOptions database)
    {
        var budget = DatabasePools.BudgetOf(database);
        if (budget < DatabasePools.MinimumBudget)
        {
            var where = DatabasePools.ConnectionStringSetsBudget(database.ConnectionString) ? "Maximum Pool Size in Db__ConnectionString" : "Db__MaxPoolSize";
            throw new OptionsValidationException(DatabaseOptions.SectionName, typeof(DatabaseOptions),
                [$"{where} must be at least {DatabasePools.MinimumBudget} (one connection for the metadata store, one for Orleans' grain state and reminders), got {budget}."]);
        }
    }

    public static DatabaseOptions ReadDatabase(IConfiguration configuration) =>
        configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();

    public static DataOptions ReadData(IConfiguration configuration) =>
        configuration.GetSection(DataOptions.SectionName).Get<DataOptions>() ?? new DataOptions();

    public static DatabaseProvider ResolveProvider(DatabaseOptions database, ClusterMode mode) =>
        database.Provider?.Trim().ToLowerInvariant() switch
        {
            null or "" => mode == ClusterMode.Standalone ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres,
            "sqlite" => DatabaseProvider.Sqlite,
            "postgres" or "postgresql" => DatabaseProvider.Postgres,
            var other => throw new OptionsValidationException(DatabaseOptions.SectionName, typeof(DatabaseOptions),
                [$"Db__Provider must be 'sqlite' or 'postgres', got '{other}'."]),
        };
}
