namespace IngestionCluster.Gateway.Mqtt.Protocol;

/// <summary>One topic filter and the maximum QoS requested for it in a SUBSCRIBE.</summary>
public sealed record MqttTopicSubscription(string TopicFilter, MqttQualityOfService Qos);
