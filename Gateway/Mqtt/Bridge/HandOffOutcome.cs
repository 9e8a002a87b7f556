namespace IngestionCluster.Gateway.Mqtt.Bridge;

/// <summary>What became of a message handed to the cluster; either way it may now be acknowledged.</summary>
/// <param name="Rejection">Null when a camera grain took the chunk; otherwise why it was recorded as a dead letter.</param>
/// <param name="Detail">A readable explanation of the rejection.</param>
internal readonly record struct HandOffOutcome(string? Rejection, string? Detail)
{
    public static HandOffOutcome Accepted => new(null, null);
}
