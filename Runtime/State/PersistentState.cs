using IngestionCluster.Runtime.Identity;
using IngestionCluster.Runtime.Invocation;

namespace IngestionCluster.Runtime.State;

/// <summary>The runtime's <see cref="IPersistentState{TState}"/>: JSON in the grain state table, guarded by etag and epoch.</summary>
internal sealed class PersistentState<TState>(
    string stateName,
    GrainId grain,
    Func<FencingToken> fence,
    GrainStateStore store,
    RuntimeSerializer serializer,
    Action onConflict) : IPersistentState<TState>, IStateLoader
    where TState : new()
{
    public TState State { get; set; } = new();

    public string? Etag { get; private set; }

    public bool RecordExists => Etag is not null;

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var stored = await store.ReadAsync(grain, stateName, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            State = new TState();
            Etag = null;
            return;
        }
        State = serializer.Read<TState>(System.Text.Encoding.UTF8.GetBytes(stored.Json)) ?? new TState();
        Etag = stored.Etag;
    }

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        var json = System.Text.Encoding.UTF8.GetString(serializer.Write(State));
        try
        {
            Etag = await store.WriteAsync(grain, stateName, json, Etag, fence(), cancellationToken).ConfigureAwait(false);
        }
        catch (InconsistentStateException)
        {
            onConflict();
            throw;
        }
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await store.ClearAsync(grain, stateName, Etag, fence(), cancellationToken).ConfigureAwait(false);
        }
        catch (InconsistentStateException)
        {
            onConflict();
            throw;
        }
        State = new TState();
        Etag = null;
    }

    Task IStateLoader.LoadAsync(CancellationToken cancellationToken) => ReadStateAsync(cancellationToken);
}
