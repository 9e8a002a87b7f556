using System.Globalization;

namespace IngestionCluster.Runtime.Transport.RabbitMq;

/// <summary>Every broker object the runtime uses, derived from the cluster name.</summary>
internal sealed class RabbitMqNames(string clusterName)
{
    public const string DirectReplyTo = "amq.rabbitmq.reply-to";

    public string Partition(int partition) => $"{clusterName}.p{partition.ToString("00", CultureInfo.InvariantCulture)}";

    public string DeadLetters => $"{clusterName}.dead";

    public string EventsExchange => $"{clusterName}.events";

    public string ControlExchange => $"{clusterName}.control";
}
