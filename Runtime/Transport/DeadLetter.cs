namespace IngestionCluster.Runtime.Transport;

/// <summary>A message the broker gave up on after the delivery limit (or that could not be dispatched).</summary>
public sealed record DeadLetter(
    string GrainType,
    string GrainKey,
    string Method,
    int Partition,
    string Reason,
    long DeliveryCount,
    string CallId,
    int PayloadBytes);
