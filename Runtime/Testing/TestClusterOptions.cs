using IngestionCluster.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Runtime.Testing;

public sealed class TestClusterOptions
{
    public int InitialSilos { get; set; } = 2;

    public TestTransport Transport { get; set; } = TestTransport.InMemory;

    /// <summary>Required for <see cref="TestTransport.RabbitMq"/>.</summary>
    public string? RabbitMqUri { get; set; }

    /// <summary>PostgreSQL connection string; null = a SQLite file in a temp folder.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Cluster settings; Name defaults to a unique one so clusters sharing a broker do not meet.</summary>
    public ClusterOptions Cluster { get; set; } = new()
    {
        Mode = ClusterMode.Cluster,
        Partitions = 16,
        HeartbeatInterval = TimeSpan.FromMilliseconds(250),
        MissedHeartbeatsLimit = 4,
        CallTimeout = TimeSpan.FromSeconds(30),
    };

    public Action<GrainTypeRegistry> ConfigureGrains { get; set; } = _ => { };

    /// <summary>Services the grains need (each silo gets its own container built from this).</summary>
    public Action<IServiceCollection> ConfigureServices { get; set; } = _ => { };

    public ILoggerFactory? LoggerFactory { get; set; }
}
