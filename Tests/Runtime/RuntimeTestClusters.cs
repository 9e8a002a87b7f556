using IngestionCluster.Runtime.Testing;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Runtime.TestGrains;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionCluster.Tests.Runtime;

/// <summary>Test clusters with the runtime's test grains, over either transport (RabbitMQ and PostgreSQL from the fixtures).</summary>
internal static class RuntimeTestClusters
{
    public static async Task<TestCluster> StartAsync(TestTransport transport, int silos = 2, Action<TestClusterOptions>? configure = null, ActivationLedger? ledger = null, RecordsTable? records = null)
    {
        var options = new TestClusterOptions
        {
            InitialSilos = silos,
            Transport = transport,
            ConfigureGrains = grains => grains.AddFromAssembly(typeof(CounterGrain).Assembly),
            ConfigureServices = services =>
            {
                services.AddSingleton(ledger ?? new ActivationLedger());
                services.AddSingleton<SiloIdentity>();
                services.AddSingleton(records ?? new RecordsTable(string.Empty));
            },
        };
        if (transport == TestTransport.RabbitMq)
        {
            var rabbit = TestServers.RabbitMq;
            var postgres = TestServers.Postgres;
            options.RabbitMqUri = (await rabbit).AmqpUri.ToString();
            options.PostgresConnectionString = await (await postgres).CreateDatabaseAsync("runtime");
        }
        configure?.Invoke(options);
        return await TestCluster.StartAsync(options);
    }

    /// <summary>A client of a cluster whose silos run elsewhere (e.g. in child processes).</summary>
    public static async Task<IngestionCluster.Runtime.Hosting.ClusterClient> CreateRabbitMqClientAsync(string uri, IngestionCluster.Runtime.Hosting.ClusterOptions cluster)
    {
        var transport = new IngestionCluster.Runtime.Transport.RabbitMq.RabbitMqTransport(
            cluster,
            new IngestionCluster.Runtime.Hosting.RabbitMqOptions { Uri = uri },
            new IngestionCluster.Runtime.Invocation.RuntimeSerializer([]),
            Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance,
            TimeProvider.System);
        var client = new IngestionCluster.Runtime.Hosting.ClusterClient(transport, cluster, TimeProvider.System);
        await client.StartAsync(CancellationToken.None);
        return client;
    }
}
