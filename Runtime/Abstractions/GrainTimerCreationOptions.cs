namespace IngestionCluster.Runtime;

public readonly record struct GrainTimerCreationOptions(TimeSpan DueTime, TimeSpan Period)
{
    /// <summary>While the timer lives, the activation is not collected as idle.</summary>
    public bool KeepAlive { get; init; }
}
