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
internal sealed class AdoptedSession(MqttOptions peer, MqttMessageHandler handler, ILogger logger, TimeProvider time)
{
    /// <summary>How long the broker must have sent nothing before the session counts as drained.</summary>
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan _poll = TimeSpan.FromMilliseconds(100);
    private readonly MqttBrokerAddress _broker = MqttBrokerAddress.Parse(peer.BrokerUrl!);
    private readonly MqttTrustAnchors _trust = MqttTrustAnchors.Load(peer.CaFile);
    private readonly MqttClientFactory _factory = new();
    private readonly ReceiveWindowAdapterFactory _connections = new(
        peer.ReceiveMaximum, new ReceiveWindowOverruns(new MqttClientStatistics(), logger, MqttBrokerAddress.Parse(peer.BrokerUrl!).ToString()));
    private int _inFlight;
    private long _lastDelivery;
    private int _delivered;

    /// <summary>Messages the broker delivered on this adoption.</summary>
    public int Delivered => Volatile.Read(ref _delivered);

    /// <summary>
    /// True when the session was drained and ended. False when it was handed back as it is: <paramref name="stop"/>
    /// fired, the peer took its session back (the broker closes this connection then), or not every message was
    /// acknowledged within <paramref name="limit"/>; whatever is unacknowledged is delivered again by the broker.
    /// </summary>
    public async Task<bool> RunAsync(TimeSpan limit, CancellationToken stop)
    {
        var started = time.GetTimestamp();
        using (var connection = new BrokerConnection(_factory.CreateMqttClient(_connections), _broker))
        {
            connection.Client.ApplicationMessageReceivedAsync += received =>
            {
                Interlocked.Increment(ref _inFlight);
                Interlocked.Increment(ref _delivered);
                Volatile.Write(ref _lastDelivery, time.GetTimestamp());
                return connection.DeliverAsync(received, handler, (_, _) => Interlocked.Decrement(ref _inFlight), logger);
            };
            Volatile.Write(ref _lastDelivery, time.GetTimestamp());
            var resumed = await ConnectAsync(connection, peer, stop).ConfigureAwait(false);
            if (resumed)
            {
                var unsubscribe = new MqttClientUnsubscribeOptionsBuilder().WithTopicFilter(peer.SubscriptionFilter).Build();
                await connection.Client.UnsubscribeAsync(unsubscribe, stop).ConfigureAwait(false);
                while (!IsDrained())
                {
                    if (connection.Lost.IsCancellationRequested || time.GetElapsedTime(started) > limit)
                    {
                        return false;
                    }
                    await Task.Delay(_poll, time, stop).ConfigureAwait(false);
                }
            }
            await connection.DisconnectAsync(stop).ConfigureAwait(false);
        }
        await EndSessionAsync(stop).ConfigureAwait(false);
        return true;
    }

    /// <summary>A failure of this adoption in words, naming the broker.</summary>
    public string Describe(Exception exception) => MqttFailure.DescribeConnectFailure(exception, _broker, _trust, peer.ConnectTimeout);

    private bool IsDrained() => Volatile.Read(ref _inFlight) == 0 && time.GetElapsedTime(Volatile.Read(ref _lastDelivery)) >= QuietPeriod;

    /// <summary>A clean start discards the session; with expiry 0 nothing is kept after this connection either.</summary>
    private async Task EndSessionAsync(CancellationToken stop)
    {
        var ending = peer.ForClient(peer.ClientId, cleanStart: true);
        ending.SessionExpiry = TimeSpan.Zero;
        using var connection = new BrokerConnection(_factory.CreateMqttClient(_connections), _broker);
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
