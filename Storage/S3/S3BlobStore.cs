using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Storage.Diagnostics;
using IngestionCluster.Storage.Resilience;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Storage.S3;

/// <summary>
/// Blob store on S3 or an S3-compatible server (MinIO, s3rver). Every request runs under the retry
/// pipeline of <see cref="BlobRetryOptions"/>; the bucket is checked (and created when allowed) once,
/// on first use.
/// </summary>
public sealed class S3BlobStore : IBlobStore, IDisposable
{
    /// <summary>Longest validity S3 accepts for a SigV4 presigned URL.</summary>
    public static readonly TimeSpan MaxUploadUrlLifetime = TimeSpan.FromDays(7);

    private readonly AmazonS3Client _client;
    private readonly AmazonS3Client? _publicSigner;
    private readonly S3StorageOptions _options;
    private readonly BlobRetryExecutor _retry;
    private readonly S3ObjectWriter _writer;
    private readonly ILogger _logger;
    private readonly string _endpoint;
    private readonly Lock _bucketGate = new();
    private Task? _ensureBucket;
    private volatile bool _bucketReady;
    private volatile bool _locationDenied;

    /// <summary>Creates the store; the options must be valid (see <see cref="S3StorageOptions.Validate"/>).</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public S3BlobStore(S3StorageOptions options, BlobRetryOptions retryOptions, ILogger<S3BlobStore> logger)
    {
        var problems = options.Validate().Concat(retryOptions.Validate()).ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid S3 blob store settings: " + string.Join(" ", problems), nameof(options));
        }
        _options = options;
        _logger = logger;
        _endpoint = options.DescribeEndpoint();
        _client = S3ClientFactory.Create(options);
        _publicSigner = S3ClientFactory.CreatePublicSigner(options);
        _retry = new BlobRetryExecutor(retryOptions, S3Errors.IsTransient, S3Errors.Describe, $"S3 bucket '{options.Bucket}' at {_endpoint}", logger);
        _writer = new S3ObjectWriter(_client, options, _retry, logger);
        _bucketReady = !options.CreateBucketIfMissing;
        logger.S3StoreConfigured(options.Bucket, _endpoint, options.Region, options.ForcePathStyle, options.MultipartThresholdBytes, options.MultipartPartSizeBytes);
    }

    /// <summary>The bucket blobs go to.</summary>
    public string Bucket => _options.Bucket;

    public string Container => _options.Bucket;

    /// <inheritdoc />
    public async Task<BlobWriteResult> PutAsync(BlobKey key, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(content);
        contentType = BlobContentType.Validate(contentType, nameof(contentType));
        await EnsureBucketAsync(cancellationToken).ConfigureAwait(false);
        return await _writer.PutAsync(key, content, contentType, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<BlobWriteResult> PutAsync(BlobKey key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        contentType = BlobContentType.Validate(contentType, nameof(contentType));
        await EnsureBucketAsync(cancellationToken).ConfigureAwait(false);
        return await _writer.PutAsync(key, content, contentType, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<BlobReadResult?> OpenReadAsync(BlobKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await EnsureBucketAsync(cancellationToken).ConfigureAwait(false);
        var response = await _retry.ExecuteAsync("get", key, async token =>
        {
            try
            {
                return await _client.GetObjectAsync(_options.Bucket, key.Value, token).ConfigureAwait(false);
            }
            catch (AmazonS3Exception e) when (S3Errors.IsNotFound(e) && e.ErrorCode != "NoSuchBucket")
            {
                return null;
            }
        }, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            return null;
        }
        return new BlobReadResult(
            key,
            new S3ObjectReadStream(response),
            response.ContentLength,
            NormalizeContentType(response.Headers.ContentType),
            ToOffset(response.LastModified));
    }

    /// <inheritdoc />
    public async Task<BlobInfo?> GetInfoAsync(BlobKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await EnsureBucketAsync(cancellationToken).ConfigureAwait(false);
        return await _retry.ExecuteAsync("head", key, async token =>
        {
            try
            {
                var response = await _client.GetObjectMetadataAsync(_options.Bucket, key.Value, token).ConfigureAwait(false);
                return new BlobInfo(key, response.ContentLength, NormalizeContentType(response.Headers.ContentType), ToOffset(response.LastModified));
            }
            catch (AmazonS3Exception e) when (S3Errors.IsNotFound(e))
            {
                // HEAD responses have no body, so a missing bucket looks the same; EnsureBucketAsync rules it out.
                return null;
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> ExistsAsync(BlobKey key, CancellationToken cancellationToken = default) =>
        await GetInfoAsync(key, cancellationToken).ConfigureAwait(false) is not null;

    /// <inheritdoc />
    public async Task DeleteAsync(BlobKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await EnsureBucketAsync(cancellationToken).ConfigureAwait(false);
        await _retry.ExecuteAsync("delete", key, async token =>
        {
            // S3 answers 204 for a missing key too; a retried delete is therefore harmless.
            await _client.DeleteObjectAsync(_options.Bucket, key.Value, token).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task MoveAsync(BlobKey from, BlobKey to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        await EnsureBucketAsync(cancellationToken).ConfigureAwait(false);
        // A server-side copy (the bytes never leave the store), then the source goes; both are safe to retry.
        await _retry.ExecuteAsync("copy", to, async token =>
        {
            await _client.CopyObjectAsync(new CopyObjectRequest
            {
                SourceBucket = _options.Bucket,
                SourceKey = from.Value,
                DestinationBucket = _options.Bucket,
                DestinationKey = to.Value,
            }, token).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        await DeleteAsync(from, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Keys this product could not have written (a shared bucket) are left out.</remarks>
    public async Task<IReadOnlyList<BlobListing>> ListAsync(BlobKey folder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        await EnsureBucketAsync(cancellationToken).ConfigureAwait(false);
        var listing = new List<BlobListing>();
        var request = new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = folder.Value + "/" };
        while (true)
        {
            var page = await _retry.ExecuteAsync("list", folder, token => _client.ListObjectsV2Async(request, token), cancellationToken).ConfigureAwait(false);
            foreach (var entry in page.S3Objects ?? [])
            {
                if (BlobKey.TryParse(entry.Key, out var key))
                {
                    // A server that gives no time: the entry counts as new, so no age-based sweep removes it on a guess.
                    listing.Add(new BlobListing(key, entry.Size ?? 0, ToOffset(entry.LastModified) ?? DateTimeOffset.UtcNow));
                }
            }
            if (page.IsTruncated != true)
            {
                return listing;
            }
            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    /// <inheritdoc />
    public BlobUploadUrl? CreateUploadUrl(BlobKey key, string? contentType, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (contentType is not null)
        {
            contentType = BlobContentType.Validate(contentType, nameof(contentType));
        }
        var now = DateTimeOffset.UtcNow;
        if (expiresAt <= now || expiresAt - now > MaxUploadUrlLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(expiresAt), expiresAt, "An upload URL must expire in the future and within 7 days.");
        }
        var useTls = _options.TryGetPublicUrl(out var publicUrl, out _) && publicUrl is not null ? publicUrl.Scheme == Uri.UriSchemeHttps : _options.EffectiveUseTls;
        var url = (_publicSigner ?? _client).GetPreSignedURL(new GetPreSignedUrlRequest
        {
            BucketName = _options.Bucket,
            Key = key.Value,
            Verb = HttpVerb.PUT,
            ContentType = contentType,
            Expires = expiresAt.UtcDateTime,
            Protocol = useTls ? Protocol.HTTPS : Protocol.HTTP,
        });
        return new BlobUploadUrl(new Uri(url), contentType, expiresAt);
    }

    /// <inheritdoc />
    /// <remarks>Only uploads to keys this product writes (<see cref="BlobKey"/>) are touched, in case the bucket is shared.</remarks>
    public async Task<int> RemoveAbandonedWritesAsync(DateTimeOffset startedBefore, CancellationToken cancellationToken = default)
    {
        await EnsureBucketAsync(cancellationToken).ConfigureAwait(false);
        var removed = 0;
        var request = new ListMultipartUploadsRequest { BucketName = _options.Bucket };
        while (true)
        {
            var page = await _retry.ExecuteAsync("list-multipart-uploads", null,
                token => _client.ListMultipartUploadsAsync(request, token), cancellationToken).ConfigureAwait(false);
            foreach (var upload in page.MultipartUploads ?? [])
            {
                if (upload.Initiated is { } initiated && initiated.ToUniversalTime() < startedBefore.UtcDateTime && BlobKey.TryParse(upload.Key, out var key)
                    && await AbortUploadAsync(key, upload.UploadId, cancellationToken).ConfigureAwait(false))
                {
                    _logger.AbandonedUploadAborted(upload.UploadId, key.Value, initiated);
                    removed++;
                }
            }
            if (page.IsTruncated != true)
            {
                return removed;
            }
            request.KeyMarker = page.NextKeyMarker;
            request.UploadIdMarker = page.NextUploadIdMarker;
        }
    }

    /// <summary>Aborts one multipart upload; false when it was gone already (another silo's sweep, or it just finished).</summary>
    private Task<bool> AbortUploadAsync(BlobKey key, string uploadId, CancellationToken cancellationToken) =>
        _retry.ExecuteAsync("abort-multipart-upload", key, async token =>
        {
            try
            {
                await _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _options.Bucket, Key = key.Value, UploadId = uploadId }, token)
                    .ConfigureAwait(false);
                return true;
            }
            catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchUpload")
            {
                return false;
            }
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<BlobStoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.HealthCheckTimeout);
        var where = $"S3 bucket '{_options.Bucket}' at {_endpoint}";
        try
        {
            if (await ProbeBucketAsync(timeout.Token).ConfigureAwait(false))
            {
                return BlobStoreHealth.Healthy($"{where} is reachable.");
            }
            if (!_options.CreateBucketIfMissing)
            {
                return BlobStoreHealth.Unhealthy($"{where} does not exist (Storage__CreateBucketIfMissing is false).");
            }
            await CreateBucketAsync(timeout.Token).ConfigureAwait(false);
            return BlobStoreHealth.Healthy($"{where} is reachable (bucket created).");
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return BlobStoreHealth.Unhealthy($"{where} did not answer within {_options.HealthCheckTimeout.TotalSeconds:0.#} s.", e);
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException or TimeoutException)
        {
            return BlobStoreHealth.Unhealthy($"{where} is not usable: {S3Errors.Describe(e)}", e);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _client.Dispose();
        _publicSigner?.Dispose();
    }

    /// <summary>
    /// Checks (and creates) the bucket once. Concurrent first callers share one attempt instead of queueing
    /// for their own retry sequences; a failed attempt is forgotten so the next call tries again.
    /// </summary>
    private Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        if (_bucketReady)
        {
            return Task.CompletedTask;
        }
        Task ensure;
        lock (_bucketGate)
        {
            if (_ensureBucket is null || _ensureBucket.IsFaulted || _ensureBucket.IsCanceled)
            {
                // Not tied to one caller's token: others may be waiting for the same result.
                _ensureBucket = _retry.ExecuteAsync("ensure-bucket", null, async token =>
                {
                    if (!await BucketExistsAsync(token).ConfigureAwait(false))
                    {
                        await CreateBucketAsync(token).ConfigureAwait(false);
                    }
                    _bucketReady = true;
                }, CancellationToken.None);
            }
            ensure = _ensureBucket;
        }
        return ensure.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Whether the bucket exists, asked the cheapest way every server answers: its location. s3rver answers HEAD
    /// bucket by listing the bucket's objects, which grows with the bucket and holds up its uploads when the health
    /// checks run every few seconds. A policy without <c>s3:GetBucketLocation</c> gets HEAD bucket instead.
    /// </summary>
    private async Task<bool> ProbeBucketAsync(CancellationToken cancellationToken)
    {
        if (!_locationDenied)
        {
            try
            {
                await _client.GetBucketLocationAsync(new GetBucketLocationRequest { BucketName = _options.Bucket }, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (AmazonS3Exception e) when (S3Errors.IsNotFound(e))
            {
                return false;
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.Forbidden)
            {
                _locationDenied = true;
            }
        }
        return await BucketExistsAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> BucketExistsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _client.HeadBucketAsync(new HeadBucketRequest { BucketName = _options.Bucket }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception e) when (S3Errors.IsNotFound(e))
        {
            return false;
        }
    }

    private async Task CreateBucketAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _client.PutBucketAsync(new PutBucketRequest { BucketName = _options.Bucket }, cancellationToken).ConfigureAwait(false);
            _logger.S3BucketCreated(_options.Bucket, _endpoint);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
            // Another silo won the race, or the name is taken by someone else: only a HEAD tells which.
            if (!await BucketExistsAsync(cancellationToken).ConfigureAwait(false))
            {
                throw;
            }
        }
        _bucketReady = true;
    }

    private static string NormalizeContentType(string? contentType) =>
        string.IsNullOrWhiteSpace(contentType) ? BlobContentType.Default : contentType;

    private static DateTimeOffset? ToOffset(DateTime? value) => value is { } time ? new DateTimeOffset(time) : null;
}
