namespace IngestionCluster.Grains.Rtsp;

/// <summary>One slot of <see cref="RtspCapacity"/>; disposing it frees the slot (once, however often it is disposed).</summary>
public sealed class RtspCapacityLease : IDisposable
{
    private RtspCapacity? _capacity;

    internal RtspCapacityLease(RtspCapacity capacity) => _capacity = capacity;

    public void Dispose() => Interlocked.Exchange(ref _capacity, null)?.Release();
}
