using System.Globalization;
using IngestionCluster.Runtime.Identity;
using IngestionCluster.Runtime.Invocation;
using IngestionCluster.Runtime.Transport;

namespace IngestionCluster.Runtime.Hosting;

/// <summary>A grain factory for processes that host no grains (gateways, tools, tests).</summary>
public sealed class ClusterClient : IGrainFactory, IDeadLetterReader, IAsyncDisposable
{
    private readonly GrainFactory _factory;
    private readonly string _callIdPrefix = $"client-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}:";
    private long _callCounter;

    internal ClusterClient(IMessageTransport transport, ClusterOptions options, TimeProvider clock)
    {
        options.Validate();
        Transport = transport;
        _factory = new GrainFactory(new GrainCallInvoker(transport, new PartitionMap(options.Partitions), options.CallTimeout, clock,
            () => _callIdPrefix + Interlocked.Increment(ref _callCounter).ToString("x", CultureInfo.InvariantCulture)));
    }

    public IEventBus Events => Transport.Events;

    public string TransportName => Transport.Name;

    internal IMessageTransport Transport { get; }

    public Task StartAsync(CancellationToken cancellationToken) => Transport.StartAsync(cancellationToken);

    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey =>
        _factory.GetGrain<TGrainInterface>(key);

    public Task CheckHealthAsync(CancellationToken cancellationToken) => Transport.CheckHealthAsync(cancellationToken);

    public Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(int max, CancellationToken cancellationToken) =>
        Transport.ListDeadLettersAsync(max, cancellationToken);

    public ValueTask DisposeAsync() => Transport.DisposeAsync();
}
