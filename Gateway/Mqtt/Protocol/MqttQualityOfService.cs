namespace IngestionCluster.Gateway.Mqtt.Protocol;

/// <summary>Delivery guarantee of an application message (spec 4.3). The value 3 is not a QoS.</summary>
public enum MqttQualityOfService : byte
{
    AtMostOnce = 0,
    AtLeastOnce = 1,
    ExactlyOnce = 2,
}
