using System.Diagnostics.Metrics;
using IngestionCluster.ServiceDefaults.Telemetry;
using IngestionCluster.Storage.Blobs;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Gateway.Streaming;

/// <summary>
/// What earlier attempts at one request left in its folder. Attempts at one request (one <c>Idempotency-Key</c>, one
/// client-named LDO id) write under one folder; a gateway that died after writing an attempt's blobs and before
/// recording them leaves them there. Once the request's record is known, every blob in the folder it does not name is
/// nobody's.
/// </summary>
internal static class AttemptLeftovers
{
    private static readonly Counter<long> _removed = IngestionTelemetry.Meter.CreateCounter<long>(
        "ingest_blob_attempt_leftovers_removed", "{blob}",
        "Blobs that an earlier attempt at the same request wrote and never recorded (its gateway died), removed once the request was recorded.");

    /// <summary>
    /// Deletes the blobs under <paramref name="folder"/> that <paramref name="recorded"/> does not name. Best effort: a
    /// failure is logged and leaves them, and never changes the request's answer.
    /// </summary>
    public static async Task RemoveAsync(IBlobStore blobs, BlobKey folder, IEnumerable<string?> recorded, ILogger logger, CancellationToken cancellationToken)
    {
        var keep = recorded.OfType<string>().ToHashSet(StringComparer.Ordinal);
        try
        {
            foreach (var blob in await blobs.ListAsync(folder, cancellationToken).ConfigureAwait(false))
            {
                if (!keep.Contains(blob.Key.Value))
                {
                    await blobs.DeleteAsync(blob.Key, cancellationToken).ConfigureAwait(false);
                    _removed.Add(1);
                    logger.LogInformation("Removed {BlobKey}, written by an earlier attempt at this request and never recorded", blob.Key);
                }
            }
        }
        catch (Exception e) when (e is BlobStoreException || (e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning("Blobs of earlier attempts in {Folder} not removed: {Error}", folder, e.Message);
        }
    }
}
