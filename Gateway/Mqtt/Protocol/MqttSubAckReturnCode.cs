namespace IngestionCluster.Gateway.Mqtt.Protocol;

/// <summary>One SUBACK return code: the granted QoS, or failure (spec 3.9.3). Other values are reserved.</summary>
public enum MqttSubAckReturnCode : byte
{
    GrantedAtMostOnce = 0x00,
    GrantedAtLeastOnce = 0x01,
    GrantedExactlyOnce = 0x02,
    Failure = 0x80,
}
