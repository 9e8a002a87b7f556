using Microsoft.Extensions.Logging;

namespace IngestionCluster.Gateway.Streaming;

/// <summary>
/// Settles the blobs of a submission whose grain call failed. A call that timed out, or that a silo's crash cut
/// off, may still have been recorded by the grain: its blobs are then referenced, and deleting them would leave
/// records whose bytes are gone.
/// </summary>
internal static class FailedSubmission
{
    /// <summary>
    /// Reads what the grain recorded. Asked of the same grain after the failed call, the question waits for that
    /// call's turn to end. This submission's record: returned, blobs kept. Nothing, or another's: blobs deleted,
    /// null. No answer: blobs kept (a blob nothing refers to is better than a record without its bytes), null.
    /// </summary>
    public static async Task<T?> SettleAsync<T>(
        BlobStreamer streamer, Func<Task<T?>> readRecord, Func<T, bool> isThisSubmission, Exception failure, ILogger logger)
        where T : class
    {
        T? record;
        try
        {
            record = await readRecord().ConfigureAwait(false);
        }
        catch (Exception unknown)
        {
            logger.LogWarning("A submission failed ({Error}) and whether it was recorded cannot be told ({ProbeError}): its blobs {BlobKeys} are kept",
                failure.Message, unknown.Message, string.Join(", ", streamer.Written));
            return null;
        }
        if (record is not null && isThisSubmission(record))
        {
            logger.LogInformation("A submission whose call failed ({Error}) was recorded all the same: it is answered as accepted", failure.Message);
            return record;
        }
        await streamer.DeleteWrittenAsync().ConfigureAwait(false);
        return null;
    }
}
