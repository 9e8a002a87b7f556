using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace IngestionCluster.Tests.Fixtures;

/// <summary>
/// A camera's side of MQTT for tests and benchmarks: QoS 1 publishes with MQTTnet over MQTT 3.1.1 (what
/// camera firmware usually speaks), clean session. A publish whose connection fails is sent again on a new
/// connection until the broker acknowledges it, so messages published across a broker outage arrive (at
/// least once). Safe to use from several tasks at once.
/// </summary>
public sealed class MqttPublisher : IAsyncDisposable
{
    private static readonly TimeSpan _retryDelay = TimeSpan.FromMilliseconds(200);
    private readonly MqttClientFactory _factory = new();
    private readonly MqttClientOptions _options;
    private readonly SemaphoreSlim _reconnecting = new(1, 1);
    private IMqttClient _client;

    private MqttPublisher(MqttClientOptions options, IMqttClient client)
    {
        _options = options;
        _client = client;
    }

    public static Task<MqttPublisher> ConnectAsync(MosquittoServer broker, CancellationToken cancellationToken = default) =>
        ConnectAsync(broker.BrokerUrl, broker.User, broker.Password, cancellationToken);

    public static async Task<MqttPublisher> ConnectAsync(string brokerUrl, string? user, string? password, CancellationToken cancellationToken = default)
    {
        var uri = new Uri(brokerUrl);
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(uri.Host, uri.Port)
            .WithClientId($"camera-{Guid.NewGuid():N}")
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithCleanSession()
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (user is not null)
        {
            builder = builder.WithCredentials(user, password);
        }
        var options = builder.Build();
        var factory = new MqttClientFactory();
        var client = factory.CreateMqttClient();
        try
        {
            await ConnectOrThrowAsync(client, options, cancellationToken);
        }
        catch
        {
            client.Dispose();
            throw;
        }
        return new MqttPublisher(options, client);
    }

    /// <summary>Publishes with QoS 1 and returns once the broker acknowledged it, reconnecting and resending as needed.</summary>
    public async Task PublishAsync(string topic, byte[] payload, CancellationToken cancellationToken = default)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        while (true)
        {
            var client = Volatile.Read(ref _client);
            if (client.IsConnected)
            {
                try
                {
                    var result = await client.PublishAsync(message, cancellationToken);
                    if (result.IsSuccess)
                    {
                        return;
                    }
                    throw new InvalidOperationException($"the broker refused the publish on {topic}: {result.ReasonCode}");
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested && !client.IsConnected)
                {
                    // Lost with its connection: send it again on the next one.
                }
            }
            await ReconnectAsync(client, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        var client = Volatile.Read(ref _client);
        if (client.IsConnected)
        {
            try
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await client.DisconnectAsync(new MqttClientDisconnectOptions(), quick.Token);
            }
            catch (Exception)
            {
                // Closing anyway.
            }
        }
        client.Dispose();
        _reconnecting.Dispose();
    }

    private async Task ReconnectAsync(IMqttClient failed, CancellationToken cancellationToken)
    {
        await _reconnecting.WaitAsync(cancellationToken);
        try
        {
            if (!ReferenceEquals(Volatile.Read(ref _client), failed))
            {
                return; // another publish already reconnected
            }
            failed.Dispose();
            while (true)
            {
                var client = _factory.CreateMqttClient();
                try
                {
                    await ConnectOrThrowAsync(client, _options, cancellationToken);
                    Volatile.Write(ref _client, client);
                    return;
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    client.Dispose();
                    await Task.Delay(_retryDelay, cancellationToken);
                }
            }
        }
        finally
        {
            _reconnecting.Release();
        }
    }

    private static async Task ConnectOrThrowAsync(IMqttClient client, MqttClientOptions options, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        var result = await client.ConnectAsync(options, deadline.Token);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"the broker refused the publisher: {result.ResultCode}");
        }
    }
}
