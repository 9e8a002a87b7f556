namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>The broker answered SUBSCRIBE with the failure return code 0x80 (e.g. the ACL forbids the filter).</summary>
public sealed class MqttSubscriptionRejectedException : Exception
{
    public MqttSubscriptionRejectedException(string topicFilter)
        : base($"broker rejected the subscription to '{topicFilter}' (SUBACK return code 0x80: failure; check the broker's ACL and the filter)")
    {
        TopicFilter = topicFilter;
    }

    public string TopicFilter { get; }
}
