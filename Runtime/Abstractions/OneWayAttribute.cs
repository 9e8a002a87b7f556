namespace IngestionCluster.Runtime;

/// <summary>
/// The caller does not wait for the grain to run the method: the call completes once the message is
/// durably in the target's partition. The method must return <see cref="Task"/> or <see cref="ValueTask"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OneWayAttribute : Attribute;
