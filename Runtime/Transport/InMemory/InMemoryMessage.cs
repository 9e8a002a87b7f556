using IngestionCluster.Runtime.Messaging;

namespace IngestionCluster.Runtime.Transport.InMemory;

/// <summary>A message in an in-memory partition queue; requests carry their reply slot.</summary>
internal sealed class InMemoryMessage(OutboundMessage outbound, TaskCompletionSource<object?>? reply, long sequence)
{
    public OutboundMessage Outbound { get; } = outbound;

    public TaskCompletionSource<object?>? Reply { get; } = reply;

    public long Sequence { get; } = sequence;

    /// <summary>How many times the message came back to the queue unacknowledged.</summary>
    public int Returns { get; set; }
}
