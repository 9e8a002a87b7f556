using IngestionCluster.Runtime.Invocation;
using IngestionCluster.Runtime.Messaging;

namespace IngestionCluster.Runtime.Transport.InMemory;

internal sealed class InMemoryDelivery(InMemoryMessage message, InMemorySubscription subscription)
    : Delivery(message.Outbound.Envelope, message.Returns)
{
    public InMemoryMessage Message { get; } = message;

    // Arguments pass by reference: grain messages are immutable records by convention.
    public override object?[] ReadArguments(GrainMethodInfo method) => Message.Outbound.Arguments;

    public override void Reply(object? result, GrainMethodInfo method) => Message.Reply?.TrySetResult(result);

    // Recreated from type and message, exactly as it would be after crossing the wire.
    public override void ReplyError(Exception error) => Message.Reply?.TrySetException(ExceptionInfo.From(error).ToException());

    protected override void OnAck() => subscription.Queue.Settle(subscription, Message, acknowledged: true, requeue: false);

    protected override void OnNack(bool requeue) => subscription.Queue.Settle(subscription, Message, acknowledged: false, requeue);
}
