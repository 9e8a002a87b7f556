using System.Collections.Concurrent;

namespace IngestionCluster.Tests.Runtime.TestGrains;

/// <summary>Counts live activations per grain across all silos of an in-process test cluster.</summary>
public sealed class ActivationLedger
{
    private readonly ConcurrentDictionary<string, int> _live = new();

    public int MaxConcurrent { get; private set; }

    public int TotalActivations;

    public void Activated(string key)
    {
        Interlocked.Increment(ref TotalActivations);
        var now = _live.AddOrUpdate(key, 1, (_, n) => n + 1);
        if (now > 1)
        {
            lock (this)
            {
                MaxConcurrent = Math.Max(MaxConcurrent, now);
            }
        }
    }

    public void Deactivated(string key) => _live.AddOrUpdate(key, 0, (_, n) => n - 1);

    public int LiveCount(string key) => _live.GetValueOrDefault(key);
}
