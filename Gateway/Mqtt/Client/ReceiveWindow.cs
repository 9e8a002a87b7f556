namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>
/// The QoS 1 and 2 messages one connection may hold unacknowledged: the Receive Maximum the gateway announced.
/// A message takes a place when it is read off the connection and gives it back when its PUBACK (or PUBCOMP)
/// is sent.
/// </summary>
internal sealed class ReceiveWindow(int size)
{
    private readonly SemaphoreSlim _places = new(size, size);

    public int Size => size;

    public bool TryTake() => _places.Wait(0);

    public Task TakeAsync(CancellationToken cancellationToken) => _places.WaitAsync(cancellationToken);

    public void GiveBack()
    {
        // An acknowledgement the window did not count (a packet id the broker sent twice) must not widen it.
        if (_places.CurrentCount < size)
        {
            _places.Release();
        }
    }
}
