using System.Collections.Immutable;

namespace IngestionCluster.Storage.Events;

/// <summary>Standalone mode's bus: publishing calls every subscriber in this process.</summary>
public sealed class InProcessCameraEventBus : ICameraEventBus
{
    private ImmutableArray<Func<CameraEventMessage, ValueTask>> _subscribers = [];

    public async Task PublishAsync(string cameraId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var subscribers = _subscribers;
        if (subscribers.IsEmpty)
        {
            return;
        }
        // Subscribers may keep the payload: give them a copy the publisher cannot reuse.
        var message = new CameraEventMessage(cameraId, payload.ToArray());
        foreach (var subscriber in subscribers)
        {
            await subscriber(message).ConfigureAwait(false);
        }
    }

    public Task<IAsyncDisposable> SubscribeAsync(Func<CameraEventMessage, ValueTask> handler, CancellationToken cancellationToken)
    {
        ImmutableInterlocked.Update(ref _subscribers, list => list.Add(handler));
        return Task.FromResult<IAsyncDisposable>(new Subscription(this, handler));
    }

    private sealed class Subscription(InProcessCameraEventBus bus, Func<CameraEventMessage, ValueTask> handler) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            ImmutableInterlocked.Update(ref bus._subscribers, list => list.Remove(handler));
            return ValueTask.CompletedTask;
        }
    }
}
