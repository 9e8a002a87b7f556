using IngestionCluster.Storage.Database;
using IngestionCluster.Storage.Redis;
using IngestionCluster.Tests.Fixtures;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using StackExchange.Redis;

namespace IngestionCluster.Tests.Storage.Health;

/// <summary>A store that still answers but takes no writes (left behind by a failover) is not ready.</summary>
public sealed class WritableStoreHealthTests
{
    [Fact]
    public async Task Redis_turned_into_a_replica_answers_ping_but_is_reported_unhealthy()
    {
        await using var redis = await TestServers.StartPrivateAsync<RedisServer>();
        await using var connection = new RedisConnection(new RedisOptions { Configuration = redis.Configuration }, NullLogger<RedisConnection>.Instance);
        var check = new RedisHealthCheck(connection);
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);

        // It now follows a primary that does not exist: reads and PING work, writes are refused.
        await using var admin = await ConnectionMultiplexer.ConnectAsync($"{redis.Configuration},allowAdmin=true");
        await admin.GetServer(admin.GetEndPoints()[0]).ExecuteAsync("REPLICAOF", "127.0.0.1", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await admin.GetDatabase().PingAsync();

        var report = await Eventually.LastAsync(() => check.CheckHealthAsync(new HealthCheckContext()), r => r.Status == HealthStatus.Unhealthy, TimeSpan.FromSeconds(30));
        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.Contains(redis.Configuration, report.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postgresql_that_takes_no_writes_answers_queries_but_is_reported_unhealthy()
    {
        await using var postgres = await TestServers.StartPrivateAsync<PostgresServer>();
        using var data = new TempDirectory("read-only-health");
        await using var database = IngestDatabase.Create(new DatabaseOptions { ConnectionString = await postgres.CreateDatabaseAsync("readonly") }, DatabaseProvider.Postgres, data.Path);
        var check = new DatabaseHealthCheck(database);
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);

        // As a standby is: every session's transactions read-only (the pool's open connections too, once the server reloads).
        await using (var admin = new NpgsqlConnection(postgres.AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var readOnly = new NpgsqlCommand("ALTER SYSTEM SET default_transaction_read_only = on", admin);
            await readOnly.ExecuteNonQueryAsync();
            await using var reload = new NpgsqlCommand("SELECT pg_reload_conf()", admin);
            await reload.ExecuteNonQueryAsync();
        }

        var report = await Eventually.LastAsync(() => check.CheckHealthAsync(new HealthCheckContext()), r => r.Status == HealthStatus.Unhealthy, TimeSpan.FromSeconds(30));
        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.Contains("takes no writes", report.Description, StringComparison.Ordinal);
    }
}
