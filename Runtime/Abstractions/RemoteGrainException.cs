namespace IngestionCluster.Runtime;

/// <summary>
/// A grain threw an exception whose type cannot be recreated on the caller's side; it carries the
/// original type name and message.
/// </summary>
public sealed class RemoteGrainException(string originalTypeName, string message)
    : Exception($"{originalTypeName}: {message}")
{
    public string OriginalTypeName { get; } = originalTypeName;

    public string OriginalMessage { get; } = message;
}
