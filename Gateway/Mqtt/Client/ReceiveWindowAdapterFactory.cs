using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Implementations;

namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>
/// MQTTnet's own connections, each wrapped in a <see cref="ReceiveWindowAdapter"/> with a fresh window of
/// <paramref name="windowSize"/> places: MQTTnet makes one connection per CONNECT.
/// </summary>
internal sealed class ReceiveWindowAdapterFactory(int windowSize, ReceiveWindowOverruns overruns) : IMqttClientAdapterFactory
{
    private readonly MqttClientAdapterFactory _connections = new();

    public IMqttChannelAdapter CreateClientAdapter(MqttClientOptions options, MqttPacketInspector packetInspector, IMqttNetLogger logger) =>
        new ReceiveWindowAdapter(_connections.CreateClientAdapter(options, packetInspector, logger), new ReceiveWindow(windowSize), overruns);
}
