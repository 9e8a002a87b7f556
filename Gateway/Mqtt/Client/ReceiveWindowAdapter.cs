using System.Net;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Adapter;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;

namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>
/// MQTTnet's connection to the broker, holding the broker to the Receive Maximum the gateway announced. MQTTnet
/// queues every PUBLISH it reads, without bound, and relies on the broker never to send more unacknowledged
/// messages than that (MQTT 5, 3.3.4). Mosquitto before 2.0.13 (Debian 12 ships 2.0.11) breaks this under a
/// backlog: each PUBACK can release up to a whole window of queued messages, so a gateway that falls behind
/// received its whole backlog into memory. A PUBLISH beyond the window is held here instead, and the connection
/// is read no further until an acknowledgement makes room; the backlog stays with the broker.
/// </summary>
internal sealed class ReceiveWindowAdapter(IMqttChannelAdapter inner, ReceiveWindow window, ReceiveWindowOverruns overruns) : IMqttChannelAdapter
{
    public long BytesReceived => inner.BytesReceived;

    public long BytesSent => inner.BytesSent;

    public X509Certificate2 ClientCertificate => inner.ClientCertificate;

    public EndPoint RemoteEndPoint => inner.RemoteEndPoint;

    public EndPoint LocalEndPoint => inner.LocalEndPoint;

    public bool IsSecureConnection => inner.IsSecureConnection;

    public MqttPacketFormatterAdapter PacketFormatterAdapter => inner.PacketFormatterAdapter;

    public Task ConnectAsync(CancellationToken cancellationToken) => inner.ConnectAsync(cancellationToken);

    public Task DisconnectAsync(CancellationToken cancellationToken) => inner.DisconnectAsync(cancellationToken);

    public async Task<MqttPacket> ReceivePacketAsync(CancellationToken cancellationToken)
    {
        var packet = await inner.ReceivePacketAsync(cancellationToken).ConfigureAwait(false);
        if (packet is MqttPublishPacket { QualityOfServiceLevel: > MqttQualityOfServiceLevel.AtMostOnce } && !window.TryTake())
        {
            overruns.Count();
            await window.TakeAsync(cancellationToken).ConfigureAwait(false);
        }
        return packet;
    }

    public void ResetStatistics() => inner.ResetStatistics();

    public async Task SendPacketAsync(MqttPacket packet, CancellationToken cancellationToken)
    {
        await inner.SendPacketAsync(packet, cancellationToken).ConfigureAwait(false);
        if (packet is MqttPubAckPacket or MqttPubCompPacket)
        {
            window.GiveBack();
        }
    }

    public void Dispose() => inner.Dispose();
}
