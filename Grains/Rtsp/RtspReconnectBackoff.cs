namespace IngestionCluster.Grains.Rtsp;

/// <summary>
/// Exponential reconnect backoff with jitter: before retry <c>n</c> (from 0) the nominal delay is
/// <c>min(max, initial × 2^n)</c>, and the actual delay is drawn from ±20 % around it, capped at
/// <c>max</c>, so that cameras that failed together do not retry in lock-step.
/// </summary>
public sealed class RtspReconnectBackoff
{
    /// <summary>Relative spread of the jitter around the nominal delay.</summary>
    public const double Jitter = 0.2;

    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly Random _random;

    public RtspReconnectBackoff(TimeSpan initial, TimeSpan max, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, initial);
        _initial = initial;
        _max = max;
        _random = random ?? Random.Shared;
    }

    /// <summary>The delay before retry <paramref name="attempt"/> without jitter.</summary>
    public TimeSpan Nominal(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        var ticks = Math.Min(_max.Ticks, _initial.Ticks * Math.Pow(2, Math.Min(attempt, 40)));
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>The delay to wait before retry <paramref name="attempt"/>.</summary>
    public TimeSpan Delay(int attempt)
    {
        var nominal = Nominal(attempt);
        var factor = 1 - Jitter + 2 * Jitter * _random.NextDouble();
        var ticks = Math.Min(_max.Ticks, (long)(nominal.Ticks * factor));
        return TimeSpan.FromTicks(ticks);
    }
}
