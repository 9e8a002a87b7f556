using IngestionCluster.Grains.Hosting;

namespace IngestionCluster.Tests.Storage.Orleans;

public sealed class OtherStateProbeGrain([PersistentState("other-state-probe", GrainStorage.Name)] IPersistentState<ProbeState> state) : Grain, IOtherStateProbeGrain
{
    public async Task Set(string value)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
    }

    public Task<string?> Get() => Task.FromResult(state.State.Value);
}
