namespace IngestionCluster.Storage.Resilience;

/// <summary>
/// How blob store operations are retried on transient failures (server unreachable, connection reset,
/// timeouts, HTTP 5xx, 429/SlowDown): exponential backoff with jitter. Bound from section <c>Storage</c>.
/// </summary>
public sealed class BlobRetryOptions
{
    /// <summary>Retries after the first attempt (<c>Storage__RetryAttempts</c>); 0 disables retrying.</summary>
    public int RetryAttempts { get; set; } = 6;

    /// <summary>Delay before the first retry, doubled for each next one before jitter (<c>Storage__RetryBaseDelay</c>).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Upper bound of any single delay (<c>Storage__RetryMaxDelay</c>).</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Problems with these settings, as messages naming the environment variable; empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (RetryAttempts is < 0 or > 100)
        {
            yield return $"Storage__RetryAttempts must be between 0 and 100 (got {RetryAttempts}).";
        }
        if (RetryBaseDelay <= TimeSpan.Zero || RetryBaseDelay > TimeSpan.FromMinutes(1))
        {
            yield return $"Storage__RetryBaseDelay must be more than 0 and at most 00:01:00 (got {RetryBaseDelay}).";
        }
        if (RetryMaxDelay < RetryBaseDelay || RetryMaxDelay > TimeSpan.FromMinutes(10))
        {
            yield return $"Storage__RetryMaxDelay must be at least Storage__RetryBaseDelay and at most 00:10:00 (got {RetryMaxDelay}).";
        }
    }
}
