using IngestionCluster.Tests.Fixtures;

namespace IngestionCluster.Tests.Processes;

/// <summary>Environment for Silo and Gateway processes of one test cluster (Redis, PostgreSQL and s3rver from the fixtures).</summary>
public static class ClusterSettings
{
    public static async Task<Dictionary<string, string>> CreateAsync(string prefix, RedisServer? privateRedis = null, S3Server? privateS3 = null, PostgresServer? privatePostgres = null)
    {
        var redis = privateRedis ?? await TestServers.Redis;
        var postgres = privatePostgres is null ? TestServers.Postgres : Task.FromResult(privatePostgres);
        var s3 = privateS3 ?? await TestServers.S3;
        return new Dictionary<string, string>
        {
            ["Cluster__Mode"] = "cluster",
            ["Cluster__ClusterId"] = $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}",
            ["Cluster__ServiceId"] = $"{prefix}-service",
            ["Cluster__AdvertisedAddress"] = "127.0.0.1",
            ["Redis__Configuration"] = redis.Configuration,
            ["Redis__KeyPrefix"] = $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}:",
            ["Db__ConnectionString"] = await (await postgres).CreateDatabaseAsync(prefix.Replace('-', '_')),
            ["Storage__Provider"] = "s3",
            ["Storage__Endpoint"] = s3.Endpoint,
            ["Storage__AccessKey"] = s3.AccessKey,
            ["Storage__SecretKey"] = s3.SecretKey,
            ["Storage__Region"] = s3.Region,
            ["Storage__Bucket"] = await s3.CreateBucketAsync(prefix),
            ["Ingest__StagingSweepInterval"] = "00:00:01",
            ["Ingest__StagingSweepIdleAfter"] = "00:00:02",
        };
    }

    /// <summary>Gateway settings that bridge the test broker's <c>{topicRoot}/+/image_json</c> into the cluster, under a client id of their own.</summary>
    public static Dictionary<string, string> MqttGateway(MosquittoServer mosquitto, string topicRoot) => new()
    {
        ["Mqtt__BrokerUrl"] = mosquitto.BrokerUrl,
        ["Mqtt__User"] = mosquitto.User,
        ["Mqtt__Password"] = mosquitto.Password,
        ["Mqtt__ClientId"] = $"{topicRoot}-gateway",
        ["Mqtt__Topic"] = $"{topicRoot}/+/image_json",
    };
}
