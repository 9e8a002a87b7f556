namespace IngestionCluster.Runtime;

/// <summary>A timer whose callbacks run as turns of the grain that registered it. Dispose to stop it.</summary>
public interface IGrainTimer : IDisposable
{
    void Change(TimeSpan dueTime, TimeSpan period);
}
