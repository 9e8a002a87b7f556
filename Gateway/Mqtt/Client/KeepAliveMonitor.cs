using IngestionCluster.Gateway.Mqtt.Protocol;

namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>
/// Keep-alive of a connection (spec 3.1.2.10). Sends PINGREQ when nothing was sent, or nothing was
/// received, for half the interval, so the broker always hears from the client within the interval
/// and always has a reason to answer. Declares the connection dead when no byte arrived for 1.5 × the
/// interval (the grace the spec gives the broker for the opposite direction).
/// </summary>
internal sealed class KeepAliveMonitor
{
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly OutboundPacketQueue _outbound;
    private readonly Func<long> _lastReceived;
    private readonly Action<MqttDisconnectInfo> _close;

    public KeepAliveMonitor(TimeSpan interval, TimeProvider time, OutboundPacketQueue outbound, Func<long> lastReceived, Action<MqttDisconnectInfo> close)
    {
        _interval = interval;
        _time = time;
        _outbound = outbound;
        _lastReceived = lastReceived;
        _close = close;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_interval <= TimeSpan.Zero)
        {
            return;
        }
        var deadAfter = _interval * 1.5;
        var pingAfter = _interval / 2;
        using var timer = new PeriodicTimer(_interval / 4, _time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            var now = _time.GetTimestamp();
            var silence = _time.GetElapsedTime(_lastReceived(), now);
            if (silence > deadAfter)
            {
                _close(new MqttDisconnectInfo(
                    MqttDisconnectReason.KeepAliveTimeout,
                    $"nothing received from the broker for {silence.TotalSeconds:F1} s (keep-alive {_interval.TotalSeconds:F0} s × 1.5)"));
                return;
            }
            if (silence >= pingAfter || _time.GetElapsedTime(_outbound.LastSentTimestamp, now) >= pingAfter)
            {
                // A full queue means packets are about to be sent anyway.
                _outbound.TryEnqueue(PingReqPacket.Instance);
            }
        }
    }
}
