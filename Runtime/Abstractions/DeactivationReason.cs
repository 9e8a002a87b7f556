namespace IngestionCluster.Runtime;

public enum DeactivationReasonCode
{
    /// <summary>No turn for longer than the configured idle age.</summary>
    IdleCollected,
    /// <summary>The grain asked for it (<see cref="Grain.DeactivateOnIdle"/>).</summary>
    ApplicationRequested,
    /// <summary>The grain's partition moves to another silo.</summary>
    PartitionReleased,
    /// <summary>The silo shuts down.</summary>
    ShuttingDown,
    /// <summary>A state write found a newer etag or a newer partition owner: this activation is stale.</summary>
    StateConflict,
    /// <summary>Activation failed or a turn failed in a way the activation cannot recover from.</summary>
    Error,
}

/// <summary>Why an activation is being deactivated.</summary>
public readonly record struct DeactivationReason(DeactivationReasonCode Code, string Description)
{
    public override string ToString() => $"{Code}: {Description}";
}
