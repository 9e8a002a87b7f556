using IngestionCluster.Storage.Resilience;
using IngestionCluster.Storage.S3;
using IngestionCluster.Tests.Fixtures;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Tests.Storage.Support;

internal static class S3TestStores
{
    /// <summary>One quick retry, for tests that stop the server: a failure shows at once instead of after the production backoff.</summary>
    public static BlobRetryOptions OneQuickRetry => new() { RetryAttempts = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(50), RetryMaxDelay = TimeSpan.FromMilliseconds(100) };

    /// <summary>A bucket name no other test uses; the store creates it on first use.</summary>
    public static string NewBucketName() => $"blobs-{Guid.NewGuid():N}";

    public static S3StorageOptions Options(S3Server server, string? bucket = null) => new()
    {
        Endpoint = server.Endpoint,
        Region = server.Region,
        AccessKey = server.AccessKey,
        SecretKey = server.SecretKey,
        Bucket = bucket ?? NewBucketName(),
    };

    public static S3BlobStore Create(S3Server server, ILogger<S3BlobStore> logger, BlobRetryOptions? retry = null, Action<S3StorageOptions>? configure = null)
    {
        var options = Options(server);
        configure?.Invoke(options);
        return new S3BlobStore(options, retry ?? new BlobRetryOptions(), logger);
    }
}
