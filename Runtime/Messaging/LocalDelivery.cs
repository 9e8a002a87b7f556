using IngestionCluster.Runtime.Invocation;

namespace IngestionCluster.Runtime.Messaging;

/// <summary>
/// A call between grains of the same silo that never crosses the broker. A request replies straight to
/// its caller. A one-way call carries the caller's own broker message: settling it settles that message,
/// so the call is exactly as durable as if it had been queued (a crash redelivers the original message).
/// </summary>
internal sealed class LocalDelivery(CallEnvelope envelope, object?[] arguments, TaskCompletionSource<object?>? reply, Delivery? carried)
    : Delivery(envelope, carried?.PreviousDeliveries ?? 0)
{
    public override object?[] ReadArguments(GrainMethodInfo method) => arguments;

    public override void Reply(object? result, GrainMethodInfo method) => reply?.TrySetResult(result);

    public override void ReplyError(Exception error) => reply?.TrySetException(ExceptionInfo.From(error).ToException());

    protected override void OnAck() => carried?.Ack();

    protected override void OnNack(bool requeue) => carried?.Nack(requeue);

    protected override void OnDrop() => carried?.Drop();
}
