namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>Why a connection ended.</summary>
public enum MqttDisconnectReason
{
    /// <summary>The client sent DISCONNECT after draining its in-flight messages.</summary>
    ClientDisconnected,

    /// <summary>The client closed the socket without DISCONNECT (disposed, or a drain timed out).</summary>
    ClientAborted,

    /// <summary>The broker closed the socket or the network failed.</summary>
    ConnectionLost,

    /// <summary>Nothing arrived from the broker within 1.5 × the keep-alive interval.</summary>
    KeepAliveTimeout,

    /// <summary>The broker sent bytes that are not valid MQTT 3.1.1, or a packet a client must never receive.</summary>
    ProtocolError,

    /// <summary>A message handler failed; the message was not acknowledged so that the broker redelivers it.</summary>
    HandlerFailed,
}
