namespace IngestionCluster.Tests.Gateway.Support;

/// <summary>The capture slot of a test double that sets no limit on captures: granted at once, nothing to free.</summary>
internal sealed class FreeCaptureSlot : IDisposable
{
    public static Task<IDisposable> Granted { get; } = Task.FromResult<IDisposable>(new FreeCaptureSlot());

    public void Dispose()
    {
    }
}
