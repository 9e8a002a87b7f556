namespace IngestionCluster.Runtime.Transport;

/// <summary>Reads the dead-letter queue without consuming it: what operators inspect after failures.</summary>
public interface IDeadLetterReader
{
    /// <summary>Up to <paramref name="max"/> dead letters, oldest first; they stay in the queue.</summary>
    Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(int max, CancellationToken cancellationToken);
}
