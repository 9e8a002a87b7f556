using System.Collections.Immutable;
using System.Threading.Channels;

namespace IngestionCluster.Runtime.Transport.InMemory;

/// <summary>In-process topic bus. Each subscriber has its own bounded queue, so a slow one drops its oldest events instead of slowing publishers.</summary>
internal sealed class InMemoryEventBus : IEventBus
{
    private const int SubscriberQueueCapacity = 10_000;
    private ImmutableArray<Subscriber> _subscribers = [];

    public Task PublishAsync(string routingKey, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var busEvent = new BusEvent(routingKey, payload.ToArray());
        foreach (var subscriber in _subscribers)
        {
            if (TopicPattern.Matches(subscriber.Pattern, routingKey))
            {
                subscriber.Queue.Writer.TryWrite(busEvent);
            }
        }
        return Task.CompletedTask;
    }

    public Task<IAsyncDisposable> SubscribeAsync(string pattern, Func<BusEvent, ValueTask> handler, CancellationToken cancellationToken)
    {
        var subscriber = new Subscriber(this, pattern, handler);
        ImmutableInterlocked.Update(ref _subscribers, list => list.Add(subscriber));
        return Task.FromResult<IAsyncDisposable>(subscriber);
    }

    private sealed class Subscriber : IAsyncDisposable
    {
        private readonly InMemoryEventBus _bus;
        private readonly Task _loop;

        public Subscriber(InMemoryEventBus bus, string pattern, Func<BusEvent, ValueTask> handler)
        {
            _bus = bus;
            Pattern = pattern;
            Queue = Channel.CreateBounded<BusEvent>(new BoundedChannelOptions(SubscriberQueueCapacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
            });
            _loop = Task.Run(async () =>
            {
                await foreach (var busEvent in Queue.Reader.ReadAllAsync().ConfigureAwait(false))
                {
                    try
                    {
                        await handler(busEvent).ConfigureAwait(false);
                    }
                    catch (Exception)
                    {
                        // A failing subscriber must not stop its own stream; it sees the next event.
                    }
                }
            });
        }

        public string Pattern { get; }

        public Channel<BusEvent> Queue { get; }

        public async ValueTask DisposeAsync()
        {
            ImmutableInterlocked.Update(ref _bus._subscribers, list => list.Remove(this));
            Queue.Writer.TryComplete();
            await _loop.ConfigureAwait(false);
        }
    }
}
