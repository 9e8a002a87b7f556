using IngestionCluster.Runtime.Invocation;

namespace IngestionCluster.Runtime.Messaging;

/// <summary>
/// A message handed by a transport to the silo that owns its partition. It is settled exactly once:
/// acknowledged when its effect is durable, or given back to the broker.
/// </summary>
internal abstract class Delivery
{
    private int _settled;

    protected Delivery(CallEnvelope envelope, int previousDeliveries)
    {
        Envelope = envelope;
        PreviousDeliveries = previousDeliveries;
    }

    public CallEnvelope Envelope { get; }

    /// <summary>How many times the broker delivered this message before.</summary>
    public int PreviousDeliveries { get; }

    public bool IsSettled => Volatile.Read(ref _settled) != 0;

    public abstract object?[] ReadArguments(GrainMethodInfo method);

    public abstract void Reply(object? result, GrainMethodInfo method);

    public abstract void ReplyError(Exception error);

    public void Ack()
    {
        if (Interlocked.Exchange(ref _settled, 1) == 0)
        {
            OnAck();
        }
    }

    /// <summary>Gives the message back; with <paramref name="requeue"/> false the broker dead-letters it.</summary>
    public void Nack(bool requeue)
    {
        if (Interlocked.Exchange(ref _settled, 1) == 0)
        {
            OnNack(requeue);
        }
    }

    /// <summary>Forget the message without settling it: its subscription is closing and the broker requeues it.</summary>
    public void Drop()
    {
        if (Interlocked.Exchange(ref _settled, 1) == 0)
        {
            OnDrop();
        }
    }

    protected virtual void OnDrop()
    {
    }

    protected abstract void OnAck();

    protected abstract void OnNack(bool requeue);
}
