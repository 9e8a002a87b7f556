using System.Diagnostics;
using System.Diagnostics.Metrics;
using IngestionCluster.Runtime.Telemetry;
using IngestionCluster.Storage.Blobs;

namespace IngestionCluster.Storage.Telemetry;

/// <summary>Times every blob-store operation and counts its failures (by operation), around the real store.</summary>
public sealed class MeasuredBlobStore(IBlobStore inner) : IBlobStore
{
    private static readonly Histogram<double> _duration = IngestionTelemetry.Meter.CreateHistogram(
        "ingest_blob_operation_duration", TelemetryUnits.Seconds, "Blob-store operations (put, read, info, delete), by operation and outcome.", tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = IngestionTelemetry.DurationBucketsSeconds });

    private static readonly Counter<long> _errors = IngestionTelemetry.Meter.CreateCounter<long>(
        "ingest_blob_operation_errors", "{error}", "Blob-store operations that failed (after the store's own retries), by operation.");

    /// <summary>The store being measured.</summary>
    public IBlobStore Inner => inner;

    public string Container => inner.Container;

    public Task<BlobWriteResult> PutAsync(BlobKey key, Stream content, string contentType, CancellationToken cancellationToken = default) =>
        MeasureAsync("put", () => inner.PutAsync(key, content, contentType, cancellationToken));

    public Task<BlobWriteResult> PutAsync(BlobKey key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default) =>
        MeasureAsync("put", () => inner.PutAsync(key, content, contentType, cancellationToken));

    public Task<BlobReadResult?> OpenReadAsync(BlobKey key, CancellationToken cancellationToken = default) =>
        MeasureAsync("read", () => inner.OpenReadAsync(key, cancellationToken));

    public Task<BlobInfo?> GetInfoAsync(BlobKey key, CancellationToken cancellationToken = default) =>
        MeasureAsync("info", () => inner.GetInfoAsync(key, cancellationToken));

    public Task<bool> ExistsAsync(BlobKey key, CancellationToken cancellationToken = default) =>
        MeasureAsync("info", () => inner.ExistsAsync(key, cancellationToken));

    public Task DeleteAsync(BlobKey key, CancellationToken cancellationToken = default) =>
        MeasureAsync("delete", async () =>
        {
            await inner.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
            return true;
        });

    public BlobUploadUrl? CreateUploadUrl(BlobKey key, string contentType, DateTimeOffset expiresAt) => inner.CreateUploadUrl(key, contentType, expiresAt);

    public Task<BlobStoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default) => inner.CheckHealthAsync(cancellationToken);

    private static async Task<T> MeasureAsync<T>(string operation, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = "ok";
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            outcome = "cancelled";
            throw;
        }
        catch (Exception)
        {
            outcome = "error";
            _errors.Add(1, new KeyValuePair<string, object?>("operation", operation));
            throw;
        }
        finally
        {
            _duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("outcome", outcome));
        }
    }
}
