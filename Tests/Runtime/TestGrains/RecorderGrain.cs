using IngestionCluster.Runtime;

namespace IngestionCluster.Tests.Runtime.TestGrains;

public sealed class RecorderGrain(RecordsTable table, SiloIdentity silo) : Grain, IRecorderGrain
{
    private const int BatchSize = 5;
    private readonly List<(int Sequence, bool Redelivered, IDeferredAcknowledgement Ack)> _pending = [];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        RegisterGrainTimer(_ => FlushAsync(), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        return Task.CompletedTask;
    }

    public Task Record(int sequence) =>
        table.InsertAsync(GetPrimaryKeyString(), "record", silo.Name, [(sequence, false)]);

    public async Task Collect(int sequence)
    {
        var ack = DeferAcknowledgement();
        _pending.Add((sequence, ack.PreviousDeliveries > 0, ack));
        if (_pending.Count >= BatchSize)
        {
            await FlushAsync();
        }
    }

    public Task<string> Where() => Task.FromResult(silo.Name);

    private async Task FlushAsync()
    {
        if (_pending.Count == 0)
        {
            return;
        }
        var batch = _pending.ToList();
        _pending.Clear();
        await table.InsertAsync(GetPrimaryKeyString(), "collect", silo.Name, batch.Select(p => (p.Sequence, p.Redelivered)).ToList());
        foreach (var item in batch)
        {
            item.Ack.Complete();
        }
    }
}

public sealed class PoisonGrain : Grain, IPoisonGrain
{
    public Task Explode() => throw new InvalidOperationException("poison");

    public Task<string> Ping() => Task.FromResult("pong");
}
