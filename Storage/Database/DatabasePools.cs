using System.Data.Common;
using Npgsql;

namespace IngestionCluster.Storage.Database;

/// <summary>How a process's PostgreSQL connection budget is divided between its <see cref="DatabasePool"/>s.</summary>
public static class DatabasePools
{
    /// <summary>The smallest budget: one connection for each pool.</summary>
    public const int MinimumBudget = 2;

    /// <summary>Half each; an odd connection goes to the metadata store.</summary>
    public static int ShareOf(int budget, DatabasePool pool)
    {
        var orleans = Math.Max(1, budget / 2);
        return pool == DatabasePool.Orleans ? orleans : Math.Max(1, budget - orleans);
    }

    /// <summary>The process's budget: <c>Maximum Pool Size</c> of <c>Db__ConnectionString</c> when it names one, else <c>Db__MaxPoolSize</c>.</summary>
    public static int BudgetOf(DatabaseOptions options) =>
        ConnectionStringSetsBudget(options.ConnectionString) ? new NpgsqlConnectionStringBuilder(options.ConnectionString).MaxPoolSize : options.MaxPoolSize;

    public static bool ConnectionStringSetsBudget(string? connectionString) =>
        !string.IsNullOrWhiteSpace(connectionString)
        // Npgsql writes every spelling it accepts (MaxPoolSize, maximum pool size) back as "Maximum Pool Size".
        && new DbConnectionStringBuilder { ConnectionString = new NpgsqlConnectionStringBuilder(connectionString).ConnectionString }.ContainsKey("Maximum Pool Size");
}
