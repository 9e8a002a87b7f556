namespace IngestionCluster.Runtime;

/// <summary>
/// A grain's durable state, read before <see cref="Grain.OnActivateAsync"/> and written on request.
/// Writes use optimistic concurrency: a stale <see cref="Etag"/> (or a newer partition owner) raises
/// <see cref="InconsistentStateException"/>, and the activation is deactivated.
/// </summary>
public interface IPersistentState<TState> where TState : new()
{
    TState State { get; set; }

    /// <summary>The version of the stored record this activation last read or wrote; null when none exists.</summary>
    string? Etag { get; }

    bool RecordExists { get; }

    Task ReadStateAsync(CancellationToken cancellationToken = default);

    Task WriteStateAsync(CancellationToken cancellationToken = default);

    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
