using IngestionCluster.Runtime.Invocation;
using IngestionCluster.Runtime.Messaging;

namespace IngestionCluster.Runtime.Transport.RabbitMq;

internal sealed class RabbitMqDelivery(
    CallEnvelope envelope,
    int previousDeliveries,
    ReadOnlyMemory<byte> body,
    string? replyTo,
    ulong deliveryTag,
    RabbitMqPartitionSubscription subscription) : Delivery(envelope, previousDeliveries)
{
    public override object?[] ReadArguments(GrainMethodInfo method) =>
        subscription.Transport.Serializer.ReadArguments(body.Span, method.ParameterTypes);

    public override void Reply(object? result, GrainMethodInfo method)
    {
        if (replyTo is not null)
        {
            subscription.Transport.PublishReply(replyTo, Envelope.CallId, ok: true, subscription.Transport.Serializer.WriteValue(result, method.ResultType));
        }
    }

    public override void ReplyError(Exception error)
    {
        if (replyTo is not null)
        {
            subscription.Transport.PublishReply(replyTo, Envelope.CallId, ok: false, subscription.Transport.Serializer.Write(ExceptionInfo.From(error)));
        }
    }

    protected override void OnAck() => subscription.Settle(deliveryTag, acknowledged: true, requeue: false);

    protected override void OnNack(bool requeue) => subscription.Settle(deliveryTag, acknowledged: false, requeue);
}
