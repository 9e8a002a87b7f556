using IngestionCluster.Storage.Database;
using Microsoft.Extensions.Options;
using Npgsql;

namespace IngestionCluster.Tests.Storage.Database;

/// <summary>The PostgreSQL connection strings a process builds from <c>Db__*</c>: its connection budget split over two pools, and strings Npgsql cannot read.</summary>
public sealed class PostgresConnectionStringTests
{
    [Theory]
    [InlineData("Host=pg;Username=ingest", 30)]
    [InlineData("Host=pg;Username=ingest;Maximum Pool Size=9", 9)]
    [InlineData("Host=pg;Username=ingest;MaxPoolSize=7", 7)]
    [InlineData("Host=pg;Username=ingest;maximum pool size=11", 11)]
    [InlineData("Host=pg;Username=ingest;Maximum Pool Size=2", 2)]
    public void A_pool_size_in_the_connection_string_wins_over_db_max_pool_size_and_the_two_pools_share_it(string connectionString, int budget)
    {
        var options = new DatabaseOptions { ConnectionString = connectionString };

        var metadata = PoolSize(options, DatabasePool.Metadata);
        var orleans = PoolSize(options, DatabasePool.Orleans);

        Assert.Equal(budget, metadata + orleans);
        Assert.Equal(budget / 2, orleans);
        Assert.Equal(orleans, new NpgsqlConnectionStringBuilder(IngestDatabase.OrleansConnection(options, DatabaseProvider.Postgres, ".").ConnectionString).MaxPoolSize);
    }

    [Fact]
    public void Db_max_pool_size_is_the_budget_of_a_connection_built_from_its_parts()
    {
        var options = new DatabaseOptions { Host = "pg", MaxPoolSize = 12, ConnectionString = null };

        Assert.Equal(6, PoolSize(options, DatabasePool.Metadata));
        Assert.Equal(6, PoolSize(options, DatabasePool.Orleans));
    }

    [Theory]
    [InlineData(null, 1, "Db__MaxPoolSize must be at least 2")]
    [InlineData(null, 0, "Db__MaxPoolSize must be at least 2")]
    [InlineData("Host=pg;Password=hunter2;Maximum Pool Size=1", 30, "Maximum Pool Size in Db__ConnectionString must be at least 2")]
    public void A_budget_too_small_for_both_pools_is_a_settings_error(string? connectionString, int maxPoolSize, string expected)
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            DatabaseServiceCollectionExtensions.ValidatePoolBudget(new DatabaseOptions { ConnectionString = connectionString, MaxPoolSize = maxPoolSize }));

        Assert.StartsWith(expected, Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pg", 0, "Db__Port must be a port number from 1 to 65535 (got 0).")]
    [InlineData("pg", 70000, "Db__Port must be a port number from 1 to 65535 (got 70000).")]
    [InlineData(" ", 5432, "Db__Host must name the PostgreSQL server")]
    public void Connection_parts_that_make_no_connection_string_are_a_settings_error(string host, int port, string expected)
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            DatabaseServiceCollectionExtensions.ValidatePostgresParts(new DatabaseOptions { Host = host, Port = port }));

        Assert.StartsWith(expected, Assert.Single(error.Failures), StringComparison.Ordinal);
        // A connection string takes their place.
        DatabaseServiceCollectionExtensions.ValidatePostgresParts(new DatabaseOptions { Host = host, Port = port, ConnectionString = "Host=pg" });
    }

    [Theory]
    [InlineData("Host=pg;Password=hunter2;Max Pool Size=5", "Couldn't set max pool size")]
    [InlineData("Host=pg;Password=hunter2;Port=abc", "Couldn't set port")]
    public void A_connection_string_npgsql_cannot_read_is_a_settings_error_naming_the_keyword_and_not_the_password(string connectionString, string reason)
    {
        var error = Assert.Throws<OptionsValidationException>(() => DatabaseServiceCollectionExtensions.ValidatePostgresConnectionString(connectionString));

        var failure = Assert.Single(error.Failures);
        Assert.StartsWith("Db__ConnectionString is not a PostgreSQL connection string Npgsql accepts: " + reason, failure, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", failure, StringComparison.Ordinal);
    }

    private static int PoolSize(DatabaseOptions options, DatabasePool pool) =>
        new NpgsqlConnectionStringBuilder(IngestDatabase.ConnectionString(options, DatabaseProvider.Postgres, ".", pool)).MaxPoolSize;
}
