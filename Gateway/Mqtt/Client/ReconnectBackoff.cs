namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>
/// Exponential backoff with jitter: before attempt <c>n</c> (from 0) the ceiling is
/// <c>min(max, initial × 2^n)</c> and the delay is drawn uniformly from [ceiling / 2, ceiling], so
/// many gateways that lost the same broker do not return in lock-step.
/// </summary>
public sealed class ReconnectBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly Random _random;

    public ReconnectBackoff(TimeSpan initial, TimeSpan max, Random? random = null)
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
        var factor = Math.Pow(2, Math.Min(attempt, 40));
        var ticks = Math.Min(_max.Ticks, _initial.Ticks * factor);
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>The delay to wait before attempt <paramref name="attempt"/>.</summary>
    public TimeSpan Delay(int attempt)
    {
        var ceiling = Ceiling(attempt);
        return ceiling / 2 + ceiling / 2 * _random.NextDouble();
    }
}
