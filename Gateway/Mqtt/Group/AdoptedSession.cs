using IngestionCluster.Gateway.Mqtt.Client;
using Microsoft.Extensions.Logging;
using MQTTnet;

namespace IngestionCluster.Gateway.Mqtt.Group;

/// <summary>
/// One connection under a dead peer gateway's client id. The broker resumes the peer's session and delivers what
/// it holds: the messages the peer never acknowledged and those queued for it since. The subscription is dropped
/// first, so no new message joins the queue; once every delivered message is acknowledged and the broker has sent
/// nothing more for <see cref="QuietPeriod"/>, the session is ended, and the shared group's messages go to the
/// live gateways only.
/// </summary>
internal sealed class AdoptedSession
{
    /// <summary>
    /// How long the broker must have sent nothing before the session counts as drained. Ending the session discards
    /// whatever it still queues, and a broker under a backlog can pause for a second or more (Mosquitto's autosave);
    /// waiting longer costs nothing, since no new message joins the queue once the subscription is dropped.
    /// </summary>
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan _poll = TimeSpan.FromMilliseconds(100);
    private readonly MqttOptions _peer;
    private readonly MqttMessageHandler _handler;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly MqttBrokerAddress _broker;
    private readonly MqttTrustAnchors _trust;
    private readonly MqttClientFactory _factory = new();
    private readonly ReceiveWindowAdapterFactory _connections;
    private int _inFlight;
    private long _lastDelivery;
    private int _delivered;

    /// <param name="statistics">The adopting gateway's client statistics, where messages the broker sends beyond the receive window are counted.</param>
    public AdoptedSession(MqttOptions peer, MqttMessageHandler handler, MqttClientStatistics statistics, ILogger logger, TimeProvider time)
    {
        _peer = peer;
        _handler = handler;
        _logger = logger;
        _time = time;
        _broker = MqttBrokerAddress.Parse(peer.BrokerUrl);
        _trust = MqttTrustAnchors.Load(peer.CaFile);
        _connections = new ReceiveWindowAdapterFactory(peer.ReceiveMaximum, statistics, logger, _broker);
    }

    /// <summary>Messages the broker delivered on this adoption.</summary>
    public int Delivered => Volatile.Read(ref _delivered);

    /// <summary>
    /// True when the session was drained and ended. False when it was handed back as it is: <paramref name="stop"/>
    /// fired, the peer took its session back (the broker closes this connection then), or not every message was
    /// acknowledged within <paramref name="limit"/>; whatever is unacknowledged is delivered again by the broker.
    /// </summary>
    public async Task<bool> RunAsync(TimeSpan limit, CancellationToken stop)
    {
        var started = _time.GetTimestamp();
        using (var connection = new BrokerConnection(_factory.CreateMqttClient(_connections), _broker, _time))
        {
            connection.Client.ApplicationMessageReceivedAsync += received =>
            {
                Interlocked.Increment(ref _inFlight);
                Interlocked.Increment(ref _delivered);
                Volatile.Write(ref _lastDelivery, _time.GetTimestamp());
                return connection.DeliverAsync(received, _handler, (_, _) => Interlocked.Decrement(ref _inFlight), _logger);
            };
            Volatile.Write(ref _lastDelivery, _time.GetTimestamp());
            var resumed = await ConnectAsync(connection, _peer, stop).ConfigureAwait(false);
            if (resumed)
            {
                var unsubscribe = new MqttClientUnsubscribeOptionsBuilder().WithTopicFilter(_peer.SubscriptionFilter).Build();
                await connection.Client.UnsubscribeAsync(unsubscribe, stop).ConfigureAwait(false);
                while (!IsDrained())
                {
                    if (connection.Lost.IsCancellationRequested || _time.GetElapsedTime(started) > limit)
                    {
                        return false;
                    }
                    await Task.Delay(_poll, _time, stop).ConfigureAwait(false);
                }
            }
            await connection.DisconnectAsync(stop).ConfigureAwait(false);
        }
        await EndSessionAsync(stop).ConfigureAwait(false);
        return true;
    }

    /// <summary>A failure of this adoption in words, naming the broker.</summary>
    public string Describe(Exception exception) => MqttFailure.DescribeConnectFailure(exception, _broker, _trust, _peer.ConnectTimeout);

    private bool IsDrained() => Volatile.Read(ref _inFlight) == 0 && _time.GetElapsedTime(Volatile.Read(ref _lastDelivery)) >= QuietPeriod;

    /// <summary>A clean start discards the session; with expiry 0 nothing is kept after this connection either.</summary>
    private async Task EndSessionAsync(CancellationToken stop)
    {
        var ending = _peer.ForClient(_peer.ClientId, cleanStart: true);
        ending.SessionExpiry = TimeSpan.Zero;
        using var connection = new BrokerConnection(_factory.CreateMqttClient(_connections), _broker, _time);
        await ConnectAsync(connection, ending, stop).ConfigureAwait(false);
        await connection.DisconnectAsync(stop).ConfigureAwait(false);
    }

    /// <summary>Connects; returns whether the broker resumed a session.</summary>
    private async Task<bool> ConnectAsync(BrokerConnection connection, MqttOptions options, CancellationToken stop)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        deadline.CancelAfter(options.ConnectTimeout);
        return await connection.ConnectAsync(MqttClientOptionsFactory.Create(options, _broker, _trust), deadline.Token).ConfigureAwait(false);
    }
}
