using System.Threading.Channels;

namespace IngestionCluster.Gateway.Events;

/// <summary>
/// One connected stream client: a bounded buffer of the events it wants (all cameras, or one). A client that
/// falls behind loses its oldest events rather than slowing the others. Dispose when the client leaves.
/// </summary>
public sealed class CameraEventListener : IDisposable
{
    private readonly Channel<CameraEvent> _events;
    private readonly Action<CameraEventListener> _remove;
    private int _disposed;

    internal CameraEventListener(string? cameraId, int capacity, bool countDrops, Action<CameraEventListener> remove)
    {
        CameraId = cameraId;
        _remove = remove;
        var options = new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
            SingleWriter = false,
        };
        _events = countDrops ? Channel.CreateBounded<CameraEvent>(options, _ => EventStreamMetrics.Dropped()) : Channel.CreateBounded<CameraEvent>(options);
        EventStreamMetrics.Opened();
    }

    /// <summary>The camera this client follows; null for all cameras.</summary>
    public string? CameraId { get; }

    public ChannelReader<CameraEvent> Events => _events.Reader;

    internal void Offer(CameraEvent cameraEvent)
    {
        if (CameraId is null || string.Equals(CameraId, cameraEvent.CameraId, StringComparison.Ordinal))
        {
            _events.Writer.TryWrite(cameraEvent);
        }
    }

    /// <remarks>Both the stream's end and the hub's disposal dispose a listener: it is counted as closed once.</remarks>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _events.Writer.TryComplete();
        _remove(this);
        EventStreamMetrics.Closed();
    }
}
