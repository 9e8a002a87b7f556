using RabbitMQ.Client;

namespace IngestionCluster.Runtime.Transport.RabbitMq;

internal sealed record PublishItem(string Exchange, string RoutingKey, BasicProperties Properties, ReadOnlyMemory<byte> Body, bool Mandatory)
{
    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
