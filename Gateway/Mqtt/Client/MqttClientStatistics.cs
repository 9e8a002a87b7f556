namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>
/// Thread-safe counters of a client across all its connections: connects, reconnects, failures,
/// messages and disconnect reasons. Read them with <see cref="Snapshot"/>.
/// </summary>
public sealed class MqttClientStatistics
{
    private readonly long[] _disconnects = new long[Enum.GetValues<MqttDisconnectReason>().Length];
    private long _connectAttempts;
    private long _connects;
    private long _reconnects;
    private long _connectFailures;
    private long _messagesReceived;
    private long _messagesAcknowledged;
    private long _handlerFailures;
    private long _messagesPublished;
    private string? _lastError;

    public MqttClientCounters Snapshot()
    {
        var disconnects = new Dictionary<MqttDisconnectReason, long>();
        foreach (var reason in Enum.GetValues<MqttDisconnectReason>())
        {
            disconnects[reason] = Interlocked.Read(ref _disconnects[(int)reason]);
        }
        return new MqttClientCounters(
            Interlocked.Read(ref _connectAttempts),
            Interlocked.Read(ref _connects),
            Interlocked.Read(ref _reconnects),
            Interlocked.Read(ref _connectFailures),
            Interlocked.Read(ref _messagesReceived),
            Interlocked.Read(ref _messagesAcknowledged),
            Interlocked.Read(ref _handlerFailures),
            Interlocked.Read(ref _messagesPublished),
            disconnects,
            Volatile.Read(ref _lastError));
    }

    internal void ConnectAttempted() => Interlocked.Increment(ref _connectAttempts);

    internal void Connected(bool isReconnect)
    {
        Interlocked.Increment(ref _connects);
        if (isReconnect)
        {
            Interlocked.Increment(ref _reconnects);
        }
    }

    internal void ConnectFailed(string error)
    {
        Interlocked.Increment(ref _connectFailures);
        Volatile.Write(ref _lastError, error);
    }

    internal void Disconnected(MqttDisconnectInfo info)
    {
        Interlocked.Increment(ref _disconnects[(int)info.Reason]);
        if (info.Reason != MqttDisconnectReason.ClientDisconnected)
        {
            Volatile.Write(ref _lastError, info.Message);
        }
    }

    internal void MessageReceived() => Interlocked.Increment(ref _messagesReceived);

    internal void MessageAcknowledged() => Interlocked.Increment(ref _messagesAcknowledged);

    internal void HandlerFailed() => Interlocked.Increment(ref _handlerFailures);

    internal void MessagePublished() => Interlocked.Increment(ref _messagesPublished);
}
