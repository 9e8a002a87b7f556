namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>
/// The QoS 1 and 2 messages one connection may hold unacknowledged: the Receive Maximum the gateway announced.
/// A message takes a place when it is read off the connection and gives it back when its PUBACK (or PUBCOMP)
/// is sent.
/// </summary>
internal sealed class ReceiveWindow(int size)
{
    private readonly SemaphoreSlim _places = new(size, size);
    private readonly Lock _givingBack = new();

    public int Size => size;

    public bool TryTake() => _places.Wait(0);

    public Task TakeAsync(CancellationToken cancellationToken) => _places.WaitAsync(cancellationToken);

    public void GiveBack()
    {
        // An acknowledgement the window did not count must not widen it; taking places meanwhile only lowers the count.
        lock (_givingBack)
        {
            if (_places.CurrentCount < size)
            {
                _places.Release();
            }
        }
    }
}
