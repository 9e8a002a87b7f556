namespace IngestionCluster.Runtime;

/// <summary>
/// A grain with durable reminders. Reminders are stored in the database with the grain's partition;
/// whichever silo owns the partition fires them, so a reminder re-activates its grain after a
/// failover (the owner fires overdue reminders as soon as it takes the partition).
/// </summary>
public interface IRemindable : IGrain
{
    Task ReceiveReminder(string reminderName, TickStatus status);
}

public readonly record struct TickStatus(DateTimeOffset FirstTickTime, TimeSpan Period, DateTimeOffset CurrentTickTime);
