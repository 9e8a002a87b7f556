namespace IngestionCluster.ServiceDefaults.Resilience;

/// <summary>
/// Exponential backoff with jitter for loops that retry for as long as they run (broker and camera
/// reconnects, hand-offs the cluster refused): before attempt <c>n</c> (from 0) the ceiling is
/// <c>min(max, initial × 2^n)</c>, and the delay is drawn uniformly from [ceiling / 2, ceiling], so
/// clients that failed together do not come back in lock-step. Polly's retry strategy, which the blob
/// store uses, counts attempts of one call and cannot start over after a connection that lasted.
/// </summary>
public sealed class ExponentialBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly Random _random;

    public ExponentialBackoff(TimeSpan initial, TimeSpan max, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, initial);
        _initial = initial;
        _max = max;
        _random = random ?? Random.Shared;
    }

    /// <summary>Upper bound of the delay before attempt <paramref name="attempt"/>.</summary>
    public TimeSpan Ceiling(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        var ticks = Math.Min(_max.Ticks, _initial.Ticks * Math.Pow(2, Math.Min(attempt, 40)));
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>The delay to wait before attempt <paramref name="attempt"/>.</summary>
    public TimeSpan Delay(int attempt)
    {
        var ceiling = Ceiling(attempt);
        return ceiling / 2 + ceiling / 2 * _random.NextDouble();
    }
}
