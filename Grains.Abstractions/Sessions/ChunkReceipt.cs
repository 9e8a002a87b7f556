using Orleans;

namespace IngestionCluster.Grains.Abstractions.Sessions;

/// <summary>The answer to a chunk: its outcome, the session it went to and, for a rejection, why (a <see cref="ChunkRejectionReason"/>).</summary>
[GenerateSerializer, Alias("ic.ChunkReceipt")]
public sealed record ChunkReceipt([Id(0)] ChunkOutcome Outcome, [Id(1)] string? SessionId = null, [Id(2)] string? Reason = null)
{
    public static ChunkReceipt Rejected(string reason) => new(ChunkOutcome.Rejected, null, reason);

    /// <summary>The broker's message may be acknowledged: the chunk is durable or can never succeed.</summary>
    public bool MayAcknowledge => Outcome != ChunkOutcome.Bounced;
}
