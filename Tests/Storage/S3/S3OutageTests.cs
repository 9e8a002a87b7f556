using System.Security.Cryptography;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Storage.Resilience;
using IngestionCluster.Storage.S3;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Storage.Support;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Storage.S3;

/// <summary>Each test takes a private s3rver and stops, restarts it around blob store calls.</summary>
public sealed class S3OutageTests
{
    private readonly RecordingLogger<S3BlobStore> _logger;

    public S3OutageTests(ITestOutputHelper output) => _logger = new(output);

    private static BlobKey NewKey() => BlobKey.From("outage", Guid.NewGuid().ToString("N") + ".bin");

    [Fact]
    public async Task Put_fails_after_the_configured_retries_when_the_server_is_down()
    {
        await using var server = await TestServers.StartPrivateAsync<S3Server>();
        var retry = new BlobRetryOptions { RetryAttempts = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(50), RetryMaxDelay = TimeSpan.FromMilliseconds(200) };
        using var store = S3TestStores.Create(server, _logger, retry);
        await store.PutAsync(NewKey(), new byte[] { 1 }, "text/plain");
        await server.StopAsync();

        var error = await Assert.ThrowsAsync<BlobStoreException>(() => store.PutAsync(NewKey(), RandomNumberGenerator.GetBytes(100_000), "image/jpeg"));

        Assert.Equal(3, error.Attempts);
        Assert.True(error.IsTransient);
        Assert.Equal("put", error.Operation);
        Assert.Contains("failed after 3 attempts", error.Message);
        Assert.Contains(server.Endpoint, error.Message);
        Assert.Equal(2, _logger.Count(4100));
    }

    [Fact]
    public async Task Put_succeeds_when_the_server_comes_back_within_the_retry_window()
    {
        await using var server = await TestServers.StartPrivateAsync<S3Server>();
        var retry = new BlobRetryOptions { RetryAttempts = 30, RetryBaseDelay = TimeSpan.FromMilliseconds(200), RetryMaxDelay = TimeSpan.FromSeconds(1) };
        using var store = S3TestStores.Create(server, _logger, retry);
        await store.PutAsync(NewKey(), new byte[] { 1 }, "text/plain");
        await server.StopAsync();
        var bytes = RandomNumberGenerator.GetBytes(100_000);
        var key = NewKey();

        var put = store.PutAsync(key, bytes, "image/jpeg");
        // The put is retrying (not failed, not done) while the server is down.
        await Eventually.TrueAsync(() => _logger.Count(4100) >= 2, TimeSpan.FromSeconds(30), "two retries are logged");
        Assert.False(put.IsCompleted);
        await server.StartAsync();
        var written = await put;

        Assert.True(_logger.Count(4100) >= 1);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), written.Sha256);
        await using var read = await store.OpenReadAsync(key);
        Assert.NotNull(read);
        var (size, sha256) = await StreamHashing.ReadAllAsync(read.Content);
        Assert.Equal(bytes.Length, size);
        Assert.Equal(written.Sha256, sha256);
    }

    [Fact]
    public async Task Multipart_upload_survives_a_server_restart_between_parts()
    {
        await using var server = await TestServers.StartPrivateAsync<S3Server>();
        var retry = new BlobRetryOptions { RetryAttempts = 30, RetryBaseDelay = TimeSpan.FromMilliseconds(200), RetryMaxDelay = TimeSpan.FromSeconds(1) };
        using var store = S3TestStores.Create(server, _logger, retry, o => o.MultipartPartSizeBytes = 5 * 1024 * 1024);
        await store.PutAsync(NewKey(), new byte[] { 1 }, "text/plain");
        const long length = 16_000_000;
        Task? restart = null;
        // While part 2 is being read (part 1 uploading or uploaded), the server goes away for a second.
        await using var body = new GeneratedStream(length, seed: 16, callbackAt: 7 * 1024 * 1024, callback: async () =>
        {
            await server.StopAsync();
            restart = Task.Run(async () =>
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                await server.StartAsync();
            });
        });
        var key = NewKey();

        var written = await store.PutAsync(key, body, "video/mp4");

        await restart!;
        Assert.True(_logger.Count(4100) >= 1);
        Assert.Equal(GeneratedStream.ExpectedSha256(length, seed: 16), written.Sha256);
        await using var read = await store.OpenReadAsync(key);
        Assert.NotNull(read);
        var (size, sha256) = await StreamHashing.ReadAllAsync(read.Content);
        Assert.Equal(length, size);
        Assert.Equal(written.Sha256, sha256);
    }

    [Fact]
    public async Task Health_check_follows_the_server_down_and_up()
    {
        await using var server = await TestServers.StartPrivateAsync<S3Server>();
        using var store = S3TestStores.Create(server, _logger, configure: o => o.HealthCheckTimeout = TimeSpan.FromSeconds(2));
        // A probe may time out on a busy machine: each state is awaited, not sampled once.
        await Eventually.TrueAsync(async () => (await store.CheckHealthAsync()).IsHealthy, TimeSpan.FromSeconds(30), "healthy while the server runs");

        await server.StopAsync();
        var down = await store.CheckHealthAsync();

        Assert.False(down.IsHealthy);
        Assert.Contains(server.Endpoint, down.Description);
        Assert.NotNull(down.Exception);

        await server.StartAsync();
        await Eventually.TrueAsync(async () => (await store.CheckHealthAsync()).IsHealthy, TimeSpan.FromSeconds(30), "healthy again once the server is back");
    }
}
