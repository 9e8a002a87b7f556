using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Implementations;

namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>
/// MQTTnet's own connections, each wrapped in a <see cref="ReceiveWindowAdapter"/> with a fresh window of
/// <paramref name="windowSize"/> places (MQTTnet makes one connection per CONNECT); overruns count in
/// <paramref name="statistics"/>.
/// </summary>
internal sealed class ReceiveWindowAdapterFactory(int windowSize, MqttClientStatistics statistics, ILogger logger, MqttBrokerAddress broker)
    : IMqttClientAdapterFactory
{
    private readonly MqttClientAdapterFactory _connections = new();
    private readonly string _broker = broker.ToString();

    public IMqttChannelAdapter CreateClientAdapter(MqttClientOptions options, MqttPacketInspector packetInspector, IMqttNetLogger mqttNetLogger) =>
        new ReceiveWindowAdapter(
            _connections.CreateClientAdapter(options, packetInspector, mqttNetLogger),
            new ReceiveWindow(windowSize),
            new ReceiveWindowOverruns(statistics, logger, _broker, windowSize));
}
