namespace IngestionCluster.Bench.Infrastructure;

/// <summary>Per-worker latency samples (no locks on the hot path), merged for percentiles at the end.</summary>
public sealed class LatencyRecorder
{
    private readonly List<double>[] _samples;

    public LatencyRecorder(int workers)
    {
        _samples = Enumerable.Range(0, workers).Select(_ => new List<double>(4096)).ToArray();
    }

    public void Record(int worker, double milliseconds) => _samples[worker].Add(milliseconds);

    public long Count => _samples.Sum(s => (long)s.Count);

    public double Percentile(double p)
    {
        var all = _samples.SelectMany(s => s).ToArray();
        Array.Sort(all);
        return Percentiles.Of(all, p);
    }
}
