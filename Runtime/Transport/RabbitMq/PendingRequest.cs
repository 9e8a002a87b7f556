using IngestionCluster.Runtime.Invocation;

namespace IngestionCluster.Runtime.Transport.RabbitMq;

internal sealed record PendingRequest(GrainMethodInfo? Method)
{
    public TaskCompletionSource<object?> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
