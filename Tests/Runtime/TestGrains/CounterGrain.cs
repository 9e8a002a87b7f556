using IngestionCluster.Runtime;

namespace IngestionCluster.Tests.Runtime.TestGrains;

public sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> state, ActivationLedger ledger) : Grain, ICounterGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        state.State.Activations++;
        await state.WriteStateAsync(cancellationToken);
        ledger.Activated(GetPrimaryKeyString());
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        ledger.Deactivated(GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public async Task<int> Increment()
    {
        // Read-modify-write across an await: only correct if turns never overlap.
        var before = state.State.Count;
        await Task.Yield();
        state.State.Count = before + 1;
        return state.State.Count;
    }

    public Task<int> Get() => Task.FromResult(state.State.Count);

    public async Task<int> IncrementAndSave()
    {
        state.State.Count++;
        await state.WriteStateAsync();
        return state.State.Count;
    }

    public async Task Add(int amount)
    {
        state.State.Count += amount;
        await state.WriteStateAsync();
    }

    public Task<int> GetActivationCount() => Task.FromResult(state.State.Activations);

    public async Task Deactivate()
    {
        await state.WriteStateAsync();
        DeactivateOnIdle();
    }
}
