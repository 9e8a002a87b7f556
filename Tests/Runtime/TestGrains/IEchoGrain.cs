using IngestionCluster.Runtime;

namespace IngestionCluster.Tests.Runtime.TestGrains;

public sealed record EchoMessage(string Text, int Number, byte[] Data, DateTimeOffset At);

public interface IEchoGrain : IGrainWithStringKey
{
    Task<string> Echo(string text);

    ValueTask<EchoMessage> Roundtrip(EchoMessage message);

    Task ThrowArgument(string message);

    Task ThrowCustom(string message);

    ValueTask<int> PartitionProbe();

    Task<string> Slow(int milliseconds);
}

/// <summary>Placed by the part of its key before '/', like capture sessions with their camera.</summary>
[PlacementKeyPrefix('/')]
public interface IChildGrain : IGrainWithStringKey
{
    Task<string> WhereAmI();
}

public sealed class TestDomainException(string message) : Exception(message);
