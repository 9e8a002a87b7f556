namespace IngestionCluster.Storage.Events;

/// <summary>
/// Camera events, best effort: Redis pub/sub channel <c>camera:{camera_id}</c> in cluster mode, an
/// in-process bus in standalone mode. Subscribers that are not connected miss what is published meanwhile.
/// </summary>
public interface ICameraEventBus
{
    Task PublishAsync(string cameraId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);

    /// <summary>
    /// Receives the events of every camera until the returned handle is disposed. A process subscribes once and
    /// fans events out itself (the gateway's SSE hub): the Redis bus undoes a failed attempt by dropping the
    /// process's whole subscription to the pattern.
    /// </summary>
    Task<IAsyncDisposable> SubscribeAsync(Func<CameraEventMessage, ValueTask> handler, CancellationToken cancellationToken);
}
