using System.Net.Http.Headers;
using System.Security.Cryptography;
using Amazon.S3.Model;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Storage.Resilience;
using IngestionCluster.Storage.S3;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Storage.Support;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Storage.S3;

/// <summary>The blob store contract against a real S3-protocol server (the shared s3rver), plus what only S3 offers.</summary>
public sealed class S3BlobStoreTests : BlobStoreContractTests
{
    private readonly RecordingLogger<S3BlobStore> _logger;
    private S3Server? _server;

    public S3BlobStoreTests(ITestOutputHelper output) => _logger = new(output);

    private S3Server Server => _server ?? throw new InvalidOperationException("Not initialized.");

    private string Bucket => ((S3BlobStore)Store).Bucket;

    private async Task<IReadOnlyList<MultipartUpload>> MultipartUploadsAsync(string prefix)
    {
        using var client = Server.CreateClient();
        var uploads = await client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = Bucket, Prefix = prefix });
        return uploads.MultipartUploads ?? [];
    }

    protected override async Task LeaveUnfinishedWriteAsync(BlobKey key)
    {
        using var client = Server.CreateClient();
        var upload = await client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = Bucket, Key = key.Value, ContentType = "video/mp4" });
        await client.UploadPartAsync(new UploadPartRequest
        {
            BucketName = Bucket, Key = key.Value, UploadId = upload.UploadId, PartNumber = 1, InputStream = new MemoryStream(new byte[5 * 1024 * 1024]),
        });
    }

    protected override async Task<int> CountUnfinishedWritesAsync() => (await MultipartUploadsAsync(string.Empty)).Count;

    protected override async Task<IBlobStore> CreateStoreAsync()
    {
        _server = await TestServers.S3;
        return S3TestStores.Create(_server, _logger);
    }

    protected override void AfterLargePut(BlobWriteResult written)
    {
        // 30,000,000 bytes in parts of 8 MiB: three full parts and a last one of 4,834,176 bytes.
        Assert.Contains(_logger.Events, e => e.EventId.Id == 4103 && e.Message.Contains(written.Key.Value) && e.Message.Contains("4 parts"));
    }

    protected override Task DisposeStoreAsync(IBlobStore store)
    {
        ((S3BlobStore)store).Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Large_stream_goes_as_a_multipart_upload_in_parts_of_the_configured_size()
    {
        using var store = S3TestStores.Create(Server, _logger, configure: o => o.MultipartPartSizeBytes = 5 * 1024 * 1024);
        await using var body = new GeneratedStream(12_000_000, seed: 12);

        var written = await store.PutAsync(NewKey(), body, "video/mp4");

        Assert.Equal(GeneratedStream.ExpectedSha256(12_000_000, seed: 12), written.Sha256);
        var completed = Assert.Single(_logger.Events, e => e.EventId.Id == 4103);
        Assert.Contains("3 parts", completed.Message);
    }

    [Fact]
    public async Task Failed_multipart_upload_is_aborted_and_leaves_no_object()
    {
        var key = NewKey();
        await using var body = new GeneratedStream(20_000_000, failAfter: 12_000_000);

        await Assert.ThrowsAsync<IOException>(() => Store.PutAsync(key, body, "video/mp4"));

        Assert.Equal(1, _logger.Count(4104));
        Assert.Equal(0, _logger.Count(4105));
        Assert.False(await Store.ExistsAsync(key));
        // The server itself holds no unfinished upload (and so no part) of the key.
        Assert.Empty(await MultipartUploadsAsync(key.Value));
    }

    [Fact]
    public async Task The_test_server_lists_an_unfinished_multipart_upload_until_it_is_aborted()
    {
        // What the test above relies on: an upload left behind would be listed.
        var key = NewKey().Value;
        using var client = Server.CreateClient();
        await Store.PutAsync(NewKey(), new byte[] { 1 }, "text/plain");
        var started = await client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = Bucket, Key = key });

        Assert.Equal([started.UploadId], (await MultipartUploadsAsync(key)).Select(u => u.UploadId));

        await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = Bucket, Key = key, UploadId = started.UploadId });
        Assert.Empty(await MultipartUploadsAsync(key));
    }

    [Fact]
    public async Task Body_under_the_threshold_goes_as_one_put()
    {
        await Store.PutAsync(NewKey(), new GeneratedStream(1_000_000), "image/jpeg");

        Assert.Equal(0, _logger.Count(4103));
    }

    [Fact]
    public async Task Body_of_exactly_one_part_round_trips()
    {
        var size = new S3StorageOptions().MultipartPartSizeBytes;
        var key = NewKey();
        var written = await Store.PutAsync(key, new GeneratedStream(size, seed: 3), "application/octet-stream");

        Assert.Equal(GeneratedStream.ExpectedSha256(size, seed: 3), written.Sha256);
        Assert.Equal(size, (await Store.GetInfoAsync(key))!.Size);
    }

    [Fact]
    public async Task Presigned_urls_are_signed_for_the_public_endpoint_that_clients_reach()
    {
        var server = await TestServers.S3;
        // The silos reach the server by one name, clients outside by another (MinIO as minio:9000 in compose, localhost:9000 outside).
        using var store = S3TestStores.Create(server, _logger, configure: options =>
        {
            options.Endpoint = $"http://localhost:{new Uri(server.Endpoint).Port}";
            options.PublicEndpoint = $"http://127.0.0.1:{new Uri(server.Endpoint).Port}";
        });
        Assert.True((await store.CheckHealthAsync()).IsHealthy);
        var key = NewKey(".log");

        var upload = store.CreateUploadUrl(key, "text/plain", DateTimeOffset.UtcNow.AddMinutes(10))!;

        Assert.Equal("127.0.0.1", upload.Url.Host);
        using var http = new HttpClient();
        using var content = new ByteArrayContent("hello"u8.ToArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(upload.ContentType!);
        using var response = await http.PutAsync(upload.Url, content);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(5, (await store.GetInfoAsync(key))?.Size);
    }

    [Theory]
    [InlineData("minio:9000")]
    [InlineData("http://localhost:9000/bucket")]
    [InlineData("http://user:pw@localhost:9000")]
    public void A_public_endpoint_that_is_not_a_root_url_is_refused(string publicEndpoint)
    {
        var options = new S3StorageOptions { Endpoint = "http://minio:9000", AccessKey = "key", SecretKey = "secret", PublicEndpoint = publicEndpoint };
        Assert.Contains(options.Validate(), problem => problem.StartsWith("Storage__PublicEndpoint must be", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Presigned_url_accepts_a_plain_http_put_that_can_be_read_back()
    {
        var key = NewKey(".jpg");
        var bytes = RandomNumberGenerator.GetBytes(50_000);
        // The bucket exists once the store has been used.
        Assert.True((await Store.CheckHealthAsync()).IsHealthy);

        var upload = Store.CreateUploadUrl(key, "image/jpeg", DateTimeOffset.UtcNow.AddMinutes(10));

        Assert.NotNull(upload);
        Assert.Equal("PUT", upload.Method);
        Assert.Equal(Uri.UriSchemeHttp, upload.Url.Scheme);
        using var http = new HttpClient();
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(upload.ContentType!);
        using var response = await http.PutAsync(upload.Url, content);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");

        await using var read = await Store.OpenReadAsync(key);
        Assert.NotNull(read);
        Assert.Equal("image/jpeg", read.ContentType);
        var (size, sha256) = await StreamHashing.ReadAllAsync(read.Content);
        Assert.Equal(bytes.Length, size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), sha256);
    }

    [Fact]
    public async Task Presigned_url_without_a_content_type_signs_none_and_takes_a_put_with_any()
    {
        var key = NewKey(".log");
        Assert.True((await Store.CheckHealthAsync()).IsHealthy);

        var upload = Store.CreateUploadUrl(key, null, DateTimeOffset.UtcNow.AddMinutes(10));

        Assert.NotNull(upload);
        Assert.Null(upload.ContentType);
        Assert.Contains("X-Amz-SignedHeaders=host&", upload.Url.Query + "&", StringComparison.Ordinal);
        using var http = new HttpClient();
        using var response = await http.PutAsync(upload.Url, new ByteArrayContent("a\nb\n"u8.ToArray()));
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(4, (await Store.GetInfoAsync(key))?.Size);
    }

    [Fact]
    public void Presigned_url_must_expire_within_seven_days()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Store.CreateUploadUrl(NewKey(), "image/jpeg", DateTimeOffset.UtcNow.AddDays(8)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Store.CreateUploadUrl(NewKey(), "image/jpeg", DateTimeOffset.UtcNow.AddMinutes(-1)));
    }

    [Fact]
    public async Task Missing_bucket_is_created_on_first_use()
    {
        var bucket = S3TestStores.NewBucketName();
        using var store = S3TestStores.Create(Server, _logger, configure: o => o.Bucket = bucket);

        await store.PutAsync(NewKey(), new byte[] { 1 }, "text/plain");

        using var client = Server.CreateClient();
        var buckets = await client.ListBucketsAsync();
        Assert.Contains(buckets.Buckets ?? [], b => b.BucketName == bucket);
    }

    [Fact]
    public async Task Permanent_errors_fail_at_once_without_retries()
    {
        var retry = new BlobRetryOptions { RetryAttempts = 5, RetryBaseDelay = TimeSpan.FromSeconds(1) };
        using var store = S3TestStores.Create(Server, _logger, retry, o => o.CreateBucketIfMissing = false);

        var error = await Assert.ThrowsAsync<BlobStoreException>(() => store.PutAsync(NewKey(), new byte[] { 1 }, "text/plain"));

        Assert.Equal(1, error.Attempts);
        Assert.False(error.IsTransient);
        Assert.Contains("NoSuchBucket", error.Message);
        Assert.Equal(0, _logger.Count(4100));
    }

    [Fact]
    public async Task Health_check_reports_a_missing_bucket_that_may_not_be_created()
    {
        using var store = S3TestStores.Create(Server, _logger, configure: o => o.CreateBucketIfMissing = false);

        var health = await store.CheckHealthAsync();

        Assert.False(health.IsHealthy);
        Assert.Contains("does not exist", health.Description);
    }

    [Fact]
    public void Never_puts_secrets_in_its_description()
    {
        var options = S3TestStores.Options(Server);
        options.SecretKey = "very-secret-value";

        Assert.DoesNotContain("very-secret-value", options.ToString());
    }
}
