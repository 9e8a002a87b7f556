using IngestionCluster.Runtime.Database;
using IngestionCluster.Runtime.Hosting;
using IngestionCluster.Runtime.Invocation;
using IngestionCluster.Runtime.Transport;
using IngestionCluster.Runtime.Transport.InMemory;
using IngestionCluster.Runtime.Transport.RabbitMq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IngestionCluster.Runtime.Testing;

/// <summary>
/// N silos and a client in one process over the in-memory or the RabbitMQ transport, sharing one
/// database. Silos can be added, stopped gracefully or killed while the cluster runs.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly TestClusterOptions _options;
    private readonly List<SiloRuntime> _silos = [];
    private readonly List<ClusterClient> _clients = [];
    private readonly List<ServiceProvider> _providers = [];
    private readonly Dictionary<SiloRuntime, IServiceProvider> _servicesBySilo = [];
    private readonly InMemoryBroker? _broker;
    private readonly string? _sqliteDirectory;
    private int _siloCounter;

    private TestCluster(TestClusterOptions options, RuntimeDatabase database, string? sqliteDirectory)
    {
        _options = options;
        Database = database;
        _sqliteDirectory = sqliteDirectory;
        if (options.Transport == TestTransport.InMemory)
        {
            _broker = new InMemoryBroker(options.Cluster.Partitions, options.Cluster.DeliveryLimit);
        }
        LoggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
    }

    public IReadOnlyList<SiloRuntime> Silos
    {
        get
        {
            lock (_silos)
            {
                return [.. _silos];
            }
        }
    }

    /// <summary>A client that hosts no grains.</summary>
    public ClusterClient Client { get; private set; } = null!;

    public RuntimeDatabase Database { get; }

    public ILoggerFactory LoggerFactory { get; }

    public string ClusterName => _options.Cluster.Name;

    public static async Task<TestCluster> StartAsync(TestClusterOptions options, CancellationToken cancellationToken = default)
    {
        if (options.Cluster.Name == "ingest")
        {
            options.Cluster.Name = $"test-{Guid.NewGuid().ToString("N")[..10]}";
        }
        string? sqliteDirectory = null;
        RuntimeDatabase database;
        if (options.PostgresConnectionString is { } postgres)
        {
            database = RuntimeDatabase.Create(new DatabaseOptions { ConnectionString = postgres }, DatabaseProvider.Postgres, string.Empty);
        }
        else
        {
            sqliteDirectory = Directory.CreateTempSubdirectory("ic-testcluster-").FullName;
            database = RuntimeDatabase.Create(new DatabaseOptions(), DatabaseProvider.Sqlite, sqliteDirectory);
        }
        var cluster = new TestCluster(options, database, sqliteDirectory);
        try
        {
            for (var i = 0; i < options.InitialSilos; i++)
            {
                await cluster.AddSiloAsync(cancellationToken).ConfigureAwait(false);
            }
            cluster.Client = await cluster.CreateClientAsync(cancellationToken).ConfigureAwait(false);
            await cluster.WaitForStableAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<SiloRuntime> AddSiloAsync(CancellationToken cancellationToken = default)
    {
        var services = new ServiceCollection();
        services.AddSingleton(LoggerFactory);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton(TimeProvider.System);
        // What a real silo host registers for its grains; resolved lazily, once the silo exists.
        SiloRuntime? created = null;
        services.AddSingleton(Database);
        services.AddSingleton(_ => created ?? throw new InvalidOperationException("The silo is not created yet."));
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<SiloRuntime>().GrainFactory);
        services.AddSingleton<IEventBus>(sp => sp.GetRequiredService<SiloRuntime>().Events);
        _options.ConfigureServices(services);
        var provider = services.BuildServiceProvider();
        var grains = new GrainTypeRegistry();
        _options.ConfigureGrains(grains);
        var clusterOptions = CloneClusterOptions($"silo{Interlocked.Increment(ref _siloCounter)}-{Guid.NewGuid().ToString("N")[..4]}");
        var silo = new SiloRuntime(
            clusterOptions,
            CreateTransport(clusterOptions),
            Database,
            grains,
            new RuntimeSerializer([]),
            provider,
            LoggerFactory,
            TimeProvider.System);
        created = silo;
        await silo.StartAsync(cancellationToken).ConfigureAwait(false);
        lock (_silos)
        {
            _silos.Add(silo);
            _providers.Add(provider);
            _servicesBySilo[silo] = provider;
        }
        return silo;
    }

    /// <summary>The service container the silo's grains are created from.</summary>
    public IServiceProvider ServicesOf(SiloRuntime silo)
    {
        lock (_silos)
        {
            return _servicesBySilo[silo];
        }
    }

    public async Task<ClusterClient> CreateClientAsync(CancellationToken cancellationToken = default)
    {
        var client = new ClusterClient(CreateTransport(_options.Cluster), _options.Cluster, TimeProvider.System);
        await client.StartAsync(cancellationToken).ConfigureAwait(false);
        lock (_clients)
        {
            _clients.Add(client);
        }
        return client;
    }

    /// <summary>Graceful stop: the silo hands its partitions over.</summary>
    public async Task StopSiloAsync(SiloRuntime silo)
    {
        lock (_silos)
        {
            _silos.Remove(silo);
        }
        await silo.StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Crash: the silo's broker connection drops; its partitions move after its heartbeats stop.</summary>
    public void KillSilo(SiloRuntime silo)
    {
        lock (_silos)
        {
            _silos.Remove(silo);
        }
        silo.Kill();
    }

    /// <summary>Waits until every live silo is the active consumer of exactly the partitions it should own.</summary>
    public async Task WaitForStableAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var silos = Silos;
                var ids = silos.Select(s => s.SiloId).ToHashSet();
                var settled = silos.All(s => s.LiveSilos.ToHashSet().SetEquals(ids))
                    && silos.Sum(s => s.ActivePartitions.Count) == _options.Cluster.Partitions
                    && silos.SelectMany(s => s.ActivePartitions).Distinct().Count() == _options.Cluster.Partitions;
                if (settled)
                {
                    return;
                }
                await Task.Delay(50, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var state = string.Join("; ", Silos.Select(s => $"{s.SiloId}: live={s.LiveSilos.Count} active={s.ActivePartitions.Count} claimed={s.ClaimedPartitions.Count}"));
            throw new TimeoutException($"The test cluster did not settle within {timeout}: {state}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in Silos)
        {
            try
            {
                await silo.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception)
            {
                silo.Kill();
            }
        }
        foreach (var client in _clients)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync().ConfigureAwait(false);
        }
        await Database.DisposeAsync().ConfigureAwait(false);
        if (_sqliteDirectory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_sqliteDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private ClusterOptions CloneClusterOptions(string siloId)
    {
        var o = _options.Cluster;
        return new ClusterOptions
        {
            Mode = o.Mode,
            Name = o.Name,
            Partitions = o.Partitions,
            SiloId = siloId,
            HeartbeatInterval = o.HeartbeatInterval,
            MissedHeartbeatsLimit = o.MissedHeartbeatsLimit,
            MembershipSettleDelay = o.MembershipSettleDelay,
            CallTimeout = o.CallTimeout,
            IdleDeactivationAge = o.IdleDeactivationAge,
            CollectionInterval = o.CollectionInterval,
            DeliveryLimit = o.DeliveryLimit,
            PrefetchPerPartition = o.PrefetchPerPartition,
            ReleaseTimeout = o.ReleaseTimeout,
            ActivationAttempts = o.ActivationAttempts,
            MinimumReminderPeriod = o.MinimumReminderPeriod,
        };
    }

    private IMessageTransport CreateTransport(ClusterOptions clusterOptions) => _options.Transport switch
    {
        TestTransport.InMemory => new InMemoryTransport(_broker!),
        _ => new RabbitMqTransport(
            clusterOptions,
            new RabbitMqOptions { Uri = _options.RabbitMqUri ?? throw new InvalidOperationException("TestClusterOptions.RabbitMqUri is required for the RabbitMQ transport.") },
            new RuntimeSerializer([]),
            LoggerFactory,
            TimeProvider.System),
    };
}
