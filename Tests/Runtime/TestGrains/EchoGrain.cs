using IngestionCluster.Runtime;

namespace IngestionCluster.Tests.Runtime.TestGrains;

public sealed class EchoGrain(SiloIdentity silo) : Grain, IEchoGrain
{
    public Task<string> Echo(string text) => Task.FromResult($"{GetPrimaryKeyString()}:{text}");

    public ValueTask<EchoMessage> Roundtrip(EchoMessage message) => ValueTask.FromResult(message with { Number = message.Number + 1 });

    public Task ThrowArgument(string message) => throw new ArgumentException(message);

    public Task ThrowCustom(string message) => throw new TestDomainException(message);

    public ValueTask<int> PartitionProbe() => ValueTask.FromResult(0);

    public async Task<string> Slow(int milliseconds)
    {
        await Task.Delay(milliseconds);
        return silo.Name;
    }
}

public sealed class ChildGrain(SiloIdentity silo) : Grain, IChildGrain
{
    public Task<string> WhereAmI() => Task.FromResult(silo.Name);
}

/// <summary>Tells a grain which silo's container created it.</summary>
public sealed class SiloIdentity
{
    public string Name { get; } = Guid.NewGuid().ToString("N")[..8];
}
