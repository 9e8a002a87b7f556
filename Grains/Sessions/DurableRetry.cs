using IngestionCluster.Storage.Blobs;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Grains.Sessions;

/// <summary>
/// Retries a step whose success makes data durable (a blob write, a row insert) with capped exponential
/// backoff and jitter, for as long as the caller allows. Permanent blob-store errors are not retried.
/// </summary>
internal static class DurableRetry
{
    public static async Task<T> RunAsync<T>(string what, Func<Task<T>> step, TimeSpan giveUpAfter, TimeProvider clock, ILogger logger)
    {
        var started = clock.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(500);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await step().ConfigureAwait(false);
            }
            catch (Exception e) when (IsRetriable(e) && clock.GetElapsedTime(started) < giveUpAfter)
            {
                var wait = delay + TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)(delay.TotalMilliseconds / 2)));
                logger.LogWarning("{What} failed (attempt {Attempt}): {Error}; retrying in {Delay}", what, attempt, e.Message, wait);
                await Task.Delay(wait, clock).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(15).Ticks));
            }
        }
    }

    private static bool IsRetriable(Exception e) => e switch
    {
        OperationCanceledException => false,
        BlobStoreException blob => blob.IsTransient,
        _ => true,
    };
}
