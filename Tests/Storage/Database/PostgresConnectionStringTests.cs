using IngestionCluster.Storage.Database;
using Microsoft.Extensions.Options;
using Npgsql;

namespace IngestionCluster.Tests.Storage.Database;

/// <summary>The PostgreSQL connection string a process builds from <c>Db__*</c>: the pool size, and strings Npgsql cannot read.</summary>
public sealed class PostgresConnectionStringTests
{
    [Theory]
    [InlineData("Host=pg;Username=ingest", 50)]
    [InlineData("Host=pg;Username=ingest;Maximum Pool Size=9", 9)]
    [InlineData("Host=pg;Username=ingest;MaxPoolSize=7", 7)]
    [InlineData("Host=pg;Username=ingest;maximum pool size=11", 11)]
    public void A_pool_size_in_the_connection_string_wins_over_db_max_pool_size_in_any_spelling_npgsql_accepts(string connectionString, int expected)
    {
        var (_, built) = IngestDatabase.OrleansConnection(new DatabaseOptions { ConnectionString = connectionString }, DatabaseProvider.Postgres, ".");

        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(built).MaxPoolSize);
    }

    [Fact]
    public void Db_max_pool_size_sizes_the_pool_of_a_connection_built_from_its_parts()
    {
        var (_, built) = IngestDatabase.OrleansConnection(new DatabaseOptions { Host = "pg", MaxPoolSize = 12 }, DatabaseProvider.Postgres, ".");

        Assert.Equal(12, new NpgsqlConnectionStringBuilder(built).MaxPoolSize);
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
}
