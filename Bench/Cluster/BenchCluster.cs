using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Processes;

namespace IngestionCluster.Bench.Cluster;

/// <summary>
/// The product as an operator runs it, for the MQTT and failover benchmarks: Redis, PostgreSQL, s3rver and
/// Mosquitto (the test fixtures' servers), Silo processes and one Gateway process that bridges an MQTT topic of
/// its own. Auth and rate limiting are off; logs are at Warning, so that writing them costs nothing measurable.
/// </summary>
public sealed class BenchCluster : IAsyncDisposable
{
    private BenchCluster(ProcessCluster processes, MosquittoServer mosquitto, string topicRoot)
    {
        Processes = processes;
        Mosquitto = mosquitto;
        TopicRoot = topicRoot;
    }

    public ProcessCluster Processes { get; }

    public MosquittoServer Mosquitto { get; }

    /// <summary>Cameras publish to <c>{TopicRoot}/{camera_id}/image_json</c>.</summary>
    public string TopicRoot { get; }

    public string RedisConfiguration => Processes.Settings["Redis__Configuration"];

    public ProductProcess Gateway => Processes.Gateways[0];

    public static async Task<BenchCluster> StartAsync(string prefix, int silos)
    {
        var mosquitto = await TestServers.Mosquitto;
        var settings = await ClusterSettings.CreateAsync(prefix);
        // The tests' one-second staging sweep is for their short timeouts; a deployment runs the product's defaults.
        settings.Remove("Ingest__StagingSweepInterval");
        settings.Remove("Ingest__StagingSweepIdleAfter");
        settings["Logging__LogLevel__Default"] = "Warning";
        var topicRoot = $"{prefix}{Guid.NewGuid().ToString("N")[..6]}";
        Console.WriteLine($"starting Redis, PostgreSQL, s3rver, Mosquitto, {silos} silo process(es) and a gateway process …");
        var processes = await ProcessCluster.StartAsync(prefix, silos, gateways: 1, settings, new Dictionary<string, string>
        {
            ["Mqtt__BrokerUrl"] = mosquitto.BrokerUrl,
            ["Mqtt__User"] = mosquitto.User,
            ["Mqtt__Password"] = mosquitto.Password,
            ["Mqtt__ClientId"] = $"{topicRoot}-gateway",
            ["Mqtt__Topic"] = $"{topicRoot}/+/image_json",
        });
        return new BenchCluster(processes, mosquitto, topicRoot);
    }

    public async ValueTask DisposeAsync() => await Processes.DisposeAsync();
}
