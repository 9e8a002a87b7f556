using System.Globalization;
using IngestionCluster.Tests.Fixtures;

namespace IngestionCluster.Tests.Processes;

/// <summary>Environment for Silo and Gateway processes of one test cluster (RabbitMQ, PostgreSQL and s3rver from the fixtures).</summary>
public static class ClusterSettings
{
    public const int Partitions = 16;

    public static async Task<Dictionary<string, string>> CreateAsync(string prefix, RabbitMqServer? privateRabbitMq = null)
    {
        var rabbit = privateRabbitMq is null ? TestServers.RabbitMq : Task.FromResult(privateRabbitMq);
        var postgres = TestServers.Postgres;
        var s3 = await TestServers.S3;
        return new Dictionary<string, string>
        {
            ["Cluster__Mode"] = "cluster",
            ["Cluster__Name"] = $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}",
            ["Cluster__Partitions"] = Partitions.ToString(CultureInfo.InvariantCulture),
            ["Cluster__HeartbeatInterval"] = "00:00:00.500",
            ["Cluster__MissedHeartbeatsLimit"] = "4",
            ["RabbitMq__Uri"] = (await rabbit).AmqpUri.ToString(),
            ["Db__ConnectionString"] = await (await postgres).CreateDatabaseAsync(prefix.Replace('-', '_')),
            ["Storage__Provider"] = "s3",
            ["Storage__Endpoint"] = s3.Endpoint,
            ["Storage__AccessKey"] = s3.AccessKey,
            ["Storage__SecretKey"] = s3.SecretKey,
            ["Storage__Region"] = s3.Region,
            ["Storage__Bucket"] = await s3.CreateBucketAsync(prefix),
        };
    }
}
