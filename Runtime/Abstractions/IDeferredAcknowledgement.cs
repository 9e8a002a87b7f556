namespace IngestionCluster.Runtime;

/// <summary>
/// The acknowledgement of a message whose effect is not durable yet when its turn ends. Until
/// <see cref="Complete"/> the broker keeps the message, so a crash redelivers it to the next owner.
/// </summary>
public interface IDeferredAcknowledgement
{
    /// <summary>The effect is durable: acknowledge the message.</summary>
    void Complete();

    /// <summary>Give the message back to the broker for redelivery.</summary>
    void Abandon();

    /// <summary>How many times the broker delivered this message before (0 on the first delivery).</summary>
    int PreviousDeliveries { get; }
}
