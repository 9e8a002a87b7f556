namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>How the gateways of a cluster share the cameras' subscription (<c>Mqtt__BridgeMode</c>).</summary>
public enum MqttBridgeMode
{
    /// <summary>
    /// One gateway at a time subscribes, under a broker session all gateways share; it holds a lease in Redis, and
    /// the others stand by and take the session over when the lease lapses. The broker's order reaches every
    /// camera grain, so images of cameras that send no <c>image_id</c> are put together right.
    /// </summary>
    Leader,

    /// <summary>
    /// Every gateway subscribes in one shared group (<c>$share/{group}/…</c>) and the broker splits the messages
    /// between them. A camera's chunks then reach its grain in no fixed order: its chunks must carry an <c>image_id</c>.
    /// </summary>
    Shared,
}
