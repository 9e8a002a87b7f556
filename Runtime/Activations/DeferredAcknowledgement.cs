using IngestionCluster.Runtime.Messaging;

namespace IngestionCluster.Runtime.Activations;

internal sealed class DeferredAcknowledgement(Delivery delivery, Activation activation) : IDeferredAcknowledgement
{
    public int PreviousDeliveries => delivery.PreviousDeliveries;

    public void Complete()
    {
        delivery.Ack();
        activation.ForgetDeferred(this);
    }

    public void Abandon()
    {
        delivery.Nack(requeue: true);
        activation.ForgetDeferred(this);
    }

    /// <summary>The activation ends with its partition: the broker requeues the message when the channel closes.</summary>
    public void Drop() => delivery.Drop();
}
