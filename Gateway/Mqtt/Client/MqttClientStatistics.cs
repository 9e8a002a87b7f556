namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>
/// Thread-safe counters of an <see cref="MqttSubscriber"/> across all its connections. Read them with
/// <see cref="Snapshot"/>.
/// </summary>
public sealed class MqttClientStatistics
{
    private long _connectAttempts;
    private long _connects;
    private long _reconnects;
    private long _connectFailures;
    private long _sessionsResumed;
    private long _subscribes;
    private long _disconnects;
    private long _messagesReceived;
    private long _messagesAcknowledged;
    private long _receiveWindowOverruns;
    private string? _lastError;

    public MqttClientCounters Snapshot() => new(
        Interlocked.Read(ref _connectAttempts),
        Interlocked.Read(ref _connects),
        Interlocked.Read(ref _reconnects),
        Interlocked.Read(ref _connectFailures),
        Interlocked.Read(ref _sessionsResumed),
        Interlocked.Read(ref _subscribes),
        Interlocked.Read(ref _disconnects),
        Interlocked.Read(ref _messagesReceived),
        Interlocked.Read(ref _messagesAcknowledged),
        Interlocked.Read(ref _receiveWindowOverruns),
        Volatile.Read(ref _lastError));

    internal void ConnectAttempted() => Interlocked.Increment(ref _connectAttempts);

    internal void Connected(bool isReconnect, bool sessionPresent)
    {
        Interlocked.Increment(ref _connects);
        if (isReconnect)
        {
            Interlocked.Increment(ref _reconnects);
        }
        if (sessionPresent)
        {
            Interlocked.Increment(ref _sessionsResumed);
        }
    }

    internal void ConnectFailed(string error)
    {
        Interlocked.Increment(ref _connectFailures);
        Volatile.Write(ref _lastError, error);
    }

    internal void Subscribed() => Interlocked.Increment(ref _subscribes);

    internal void Disconnected(string error)
    {
        Interlocked.Increment(ref _disconnects);
        Volatile.Write(ref _lastError, error);
    }

    internal void MessageReceived() => Interlocked.Increment(ref _messagesReceived);

    internal void MessageAcknowledged() => Interlocked.Increment(ref _messagesAcknowledged);

    internal void ReceiveWindowOverrun() => Interlocked.Increment(ref _receiveWindowOverruns);
}
