namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>The broker refused a subscription (SUBACK with a failure reason).</summary>
public sealed class MqttSubscriptionRejectedException(string topicFilter, string reason) : Exception($"broker refused the subscription to '{topicFilter}': {reason}")
{
    public string TopicFilter { get; } = topicFilter;
}
