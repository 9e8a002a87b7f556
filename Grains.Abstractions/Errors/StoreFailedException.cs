using Orleans;

namespace IngestionCluster.Grains.Abstractions.Errors;

/// <summary>
/// A store refused an operation for a reason that waiting does not fix (a constraint, a bad query, access denied).
/// Silos send it in place of the driver's exception, which Orleans could not carry to another process, keeping the
/// driver's type name and message for the caller's log.
/// </summary>
[GenerateSerializer, Alias("ic.StoreFailedException")]
public sealed class StoreFailedException(string store, string exceptionType, string message) : Exception(message)
{
    /// <summary>Which store (<see cref="StoreUnavailableException.Database"/>, <see cref="StoreUnavailableException.Redis"/>, <see cref="StoreUnavailableException.BlobStore"/>).</summary>
    [Id(0)]
    public string Store { get; } = store;

    /// <summary>The full name of the driver's exception type, e.g. <c>Npgsql.PostgresException</c>.</summary>
    [Id(1)]
    public string ExceptionType { get; } = exceptionType;
}
