using System.Buffers;
using Amazon.S3;
using Amazon.S3.Model;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Storage.Diagnostics;
using IngestionCluster.Storage.Resilience;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Storage.S3;

/// <summary>
/// Writes objects: a body that fits under the threshold as one PutObject from a pooled buffer, anything
/// else as a multipart upload that reads the next part while the current one uploads (two pooled
/// buffers per upload), retries each part on its own, and aborts the upload when it fails.
/// </summary>
internal sealed class S3ObjectWriter
{
    /// <summary>S3's limit on the number of parts of one upload.</summary>
    public const int MaxParts = 10_000;

    private static readonly TimeSpan _abortTimeout = TimeSpan.FromSeconds(10);

    private readonly IAmazonS3 _client;
    private readonly string _bucket;
    private readonly int _partSize;
    private readonly long _threshold;
    private readonly BlobRetryExecutor _retry;
    private readonly ILogger _logger;

    public S3ObjectWriter(IAmazonS3 client, S3StorageOptions options, BlobRetryExecutor retry, ILogger logger)
    {
        _client = client;
        _bucket = options.Bucket;
        _partSize = options.MultipartPartSizeBytes;
        _threshold = Math.Min(options.MultipartThresholdBytes, options.MultipartPartSizeBytes);
        _retry = retry;
        _logger = logger;
    }

    public async Task<BlobWriteResult> PutAsync(BlobKey key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        var first = ArrayPool<byte>.Shared.Rent(_partSize);
        try
        {
            var firstLength = await ReadPartAsync(content, first, cancellationToken).ConfigureAwait(false);
            if (firstLength < _partSize && firstLength <= _threshold)
            {
                // The whole body is in the buffer: one request, retried as a whole.
                var sha256 = BlobHashing.Sha256Hex(first.AsSpan(0, firstLength));
                await PutObjectAsync(key, new ArraySegment<byte>(first, 0, firstLength), contentType, cancellationToken).ConfigureAwait(false);
                return new BlobWriteResult(key, firstLength, sha256, contentType);
            }
            return await PutMultipartAsync(key, first, firstLength, content, contentType, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(first);
        }
    }

    public async Task<BlobWriteResult> PutAsync(BlobKey key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        if (content.Length > _threshold)
        {
            using var stream = BlobMemory.OpenRead(content);
            return await PutAsync(key, stream, contentType, cancellationToken).ConfigureAwait(false);
        }
        var sha256 = BlobHashing.Sha256Hex(content.Span);
        await PutObjectAsync(key, BlobMemory.AsSegment(content), contentType, cancellationToken).ConfigureAwait(false);
        return new BlobWriteResult(key, content.Length, sha256, contentType);
    }

    private Task PutObjectAsync(BlobKey key, ArraySegment<byte> body, string contentType, CancellationToken cancellationToken) =>
        _retry.ExecuteAsync("put", key, async token =>
        {
            var request = new PutObjectRequest
            {
                BucketName = _bucket,
                Key = key.Value,
                ContentType = contentType,
                // A fresh stream per attempt: the SDK reads (and closes) it.
                InputStream = new MemoryStream(body.Array!, body.Offset, body.Count, writable: false),
                // Chunk signatures would end up inside the object on S3-compatible servers (PACKAGES.md).
                UseChunkEncoding = false,
            };
            request.Headers.ContentLength = body.Count;
            await _client.PutObjectAsync(request, token).ConfigureAwait(false);
        }, cancellationToken);

    private async Task<BlobWriteResult> PutMultipartAsync(
        BlobKey key, byte[] first, int firstLength, Stream rest, string contentType, CancellationToken cancellationToken)
    {
        var uploadId = await _retry.ExecuteAsync("create-multipart-upload", key, async token =>
        {
            var response = await _client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
            {
                BucketName = _bucket,
                Key = key.Value,
                ContentType = contentType,
            }, token).ConfigureAwait(false);
            return response.UploadId;
        }, cancellationToken).ConfigureAwait(false);

        var rented = ArrayPool<byte>.Shared.Rent(_partSize);
        // Cancelled when one side of the read/upload overlap fails, so the other stops early.
        using var failFast = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            using var hash = BlobHashing.CreateSha256();
            var parts = new List<PartETag>();
            var current = first;
            var spare = rented;
            var currentLength = firstLength;
            long total = 0;
            while (true)
            {
                var partNumber = parts.Count + 1;
                if (partNumber > MaxParts)
                {
                    throw new BlobStoreException(
                        $"S3 upload of '{key}' exceeds {MaxParts} parts of {_partSize} bytes; raise Storage__MultipartPartSizeBytes.",
                        "upload-part", key, attempts: 1, isTransient: false);
                }
                hash.AppendData(current, 0, currentLength);
                total += currentLength;

                var upload = UploadPartAsync(key, uploadId, partNumber, current, currentLength, failFast.Token);
                var next = spare;
                var read = ReadPartAsync(rest, next, failFast.Token);
                var firstDone = await Task.WhenAny(upload, read).ConfigureAwait(false);
                if (!firstDone.IsCompletedSuccessfully)
                {
                    failFast.Cancel();
                }
                // Both must be finished before their buffers can be reused or returned to the pool.
                await Task.WhenAll(upload, read).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (!firstDone.IsCompletedSuccessfully)
                {
                    await firstDone.ConfigureAwait(false);
                }
                parts.Add(await upload.ConfigureAwait(false));
                var nextLength = await read.ConfigureAwait(false);
                if (nextLength == 0)
                {
                    break;
                }
                spare = current;
                current = next;
                currentLength = nextLength;
            }

            await CompleteAsync(key, uploadId, parts, total, cancellationToken).ConfigureAwait(false);
            _logger.MultipartUploadCompleted(uploadId, key.Value, parts.Count, total);
            return new BlobWriteResult(key, total, BlobHashing.FinishHex(hash), contentType);
        }
        catch
        {
            await AbortAsync(key, uploadId).ConfigureAwait(false);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private Task<PartETag> UploadPartAsync(BlobKey key, string uploadId, int partNumber, byte[] buffer, int length, CancellationToken cancellationToken) =>
        _retry.ExecuteAsync($"upload-part-{partNumber}", key, async token =>
        {
            var response = await _client.UploadPartAsync(new UploadPartRequest
            {
                BucketName = _bucket,
                Key = key.Value,
                UploadId = uploadId,
                PartNumber = partNumber,
                PartSize = length,
                InputStream = new MemoryStream(buffer, 0, length, writable: false),
                UseChunkEncoding = false,
            }, token).ConfigureAwait(false);
            return new PartETag(partNumber, response.ETag);
        }, cancellationToken);

    private Task CompleteAsync(BlobKey key, string uploadId, List<PartETag> parts, long total, CancellationToken cancellationToken)
    {
        var attempt = 0;
        return _retry.ExecuteAsync("complete-multipart-upload", key, async token =>
        {
            attempt++;
            try
            {
                await _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
                {
                    BucketName = _bucket,
                    Key = key.Value,
                    UploadId = uploadId,
                    PartETags = parts,
                }, token).ConfigureAwait(false);
            }
            catch (AmazonS3Exception e) when (attempt > 1 && e.ErrorCode == "NoSuchUpload")
            {
                // An earlier attempt completed the upload but its response was lost on the way back.
                var head = await _client.GetObjectMetadataAsync(_bucket, key.Value, token).ConfigureAwait(false);
                if (head.ContentLength != total)
                {
                    throw;
                }
            }
        }, cancellationToken);
    }

    private async Task AbortAsync(BlobKey key, string uploadId)
    {
        // Not the caller's token: the upload must be cleaned up even when the caller gave up.
        using var timeout = new CancellationTokenSource(_abortTimeout);
        try
        {
            await _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest
            {
                BucketName = _bucket,
                Key = key.Value,
                UploadId = uploadId,
            }, timeout.Token).ConfigureAwait(false);
            _logger.MultipartUploadAborted(uploadId, key.Value);
        }
        catch (Exception e)
        {
            _logger.MultipartAbortFailed(uploadId, key.Value, S3Errors.Describe(e));
        }
    }

    /// <summary>Fills <paramref name="buffer"/> up to the part size; fewer bytes only at the end of the stream.</summary>
    private async Task<int> ReadPartAsync(Stream content, byte[] buffer, CancellationToken cancellationToken) =>
        await content.ReadAtLeastAsync(buffer.AsMemory(0, _partSize), _partSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
}
