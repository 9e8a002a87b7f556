using System.Security.Cryptography;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Tests.Storage.Support;

namespace IngestionCluster.Tests.Storage;

/// <summary>What every <see cref="IBlobStore"/> must do; each store's test class inherits these facts.</summary>
public abstract class BlobStoreContractTests : IAsyncLifetime
{
    private IBlobStore? _store;

    protected IBlobStore Store => _store ?? throw new InvalidOperationException("Not initialized.");

    protected abstract Task<IBlobStore> CreateStoreAsync();

    protected virtual Task DisposeStoreAsync(IBlobStore store) => Task.CompletedTask;

    /// <summary>Lets a store's tests check how a large body was written (e.g. S3 in parts).</summary>
    protected virtual void AfterLargePut(BlobWriteResult written)
    {
    }

    /// <summary>Leaves in the store what a writer killed in the middle of writing <paramref name="key"/> leaves behind.</summary>
    protected abstract Task LeaveUnfinishedWriteAsync(BlobKey key);

    /// <summary>How many unfinished writes' leftovers the store holds.</summary>
    protected abstract Task<int> CountUnfinishedWritesAsync();

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await DisposeStoreAsync(_store);
        }
    }

    protected static BlobKey NewKey(string extension = ".bin") => BlobKey.From("tests", "cam-1", Guid.NewGuid().ToString("N") + extension);

    [Fact]
    public async Task Leftovers_of_unfinished_writes_are_removed_once_old_enough_and_complete_blobs_are_kept()
    {
        var blob = NewKey(".jpg");
        await Store.PutAsync(blob, RandomNumberGenerator.GetBytes(1000), "image/jpeg");
        await LeaveUnfinishedWriteAsync(NewKey(".mp4"));
        await LeaveUnfinishedWriteAsync(NewKey(".mp4"));

        Assert.Equal(0, await Store.RemoveAbandonedWritesAsync(DateTimeOffset.UtcNow - TimeSpan.FromHours(1)));
        Assert.Equal(2, await CountUnfinishedWritesAsync());

        Assert.Equal(2, await Store.RemoveAbandonedWritesAsync(DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1)));
        Assert.Equal(0, await CountUnfinishedWritesAsync());
        Assert.True(await Store.ExistsAsync(blob), "a complete blob is never a leftover");
        Assert.Equal(0, await Store.RemoveAbandonedWritesAsync(DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task A_folder_lists_its_complete_blobs_at_any_depth_and_nothing_beside_it()
    {
        var id = Guid.NewGuid().ToString("N");
        var folder = BlobKey.From("tests", id);
        var top = BlobKey.From("tests", id, "a.jpg");
        var deeper = BlobKey.From("tests", id, "sub", "b.bin");
        var before = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1);
        await Store.PutAsync(top, new byte[10], "image/jpeg");
        await Store.PutAsync(deeper, new byte[20], "application/octet-stream");
        // A folder whose name begins with this one's is not inside it.
        await Store.PutAsync(BlobKey.From("tests", id + "x", "c.jpg"), new byte[30], "image/jpeg");
        await LeaveUnfinishedWriteAsync(BlobKey.From("tests", id, "unfinished.mp4"));

        var listed = (await Store.ListAsync(folder)).OrderBy(blob => blob.Key.Value, StringComparer.Ordinal).ToList();

        Assert.Equal([top, deeper], listed.Select(blob => blob.Key));
        Assert.Equal([10L, 20L], listed.Select(blob => blob.Size));
        Assert.All(listed, blob => Assert.InRange(blob.LastModified, before, DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1)));
        Assert.Empty(await Store.ListAsync(BlobKey.From("tests", Guid.NewGuid().ToString("N"))));
        await Store.DeleteAsync(deeper);
        Assert.Equal([top], (await Store.ListAsync(folder)).Select(blob => blob.Key));
    }

    [Fact]
    public async Task Round_trips_100000_random_bytes_with_matching_size_and_sha256()
    {
        var bytes = RandomNumberGenerator.GetBytes(100_000);
        var key = NewKey(".jpg");

        var written = await Store.PutAsync(key, bytes, "image/jpeg");

        var expected = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Assert.Equal(key, written.Key);
        Assert.Equal(100_000, written.Size);
        Assert.Equal(expected, written.Sha256);
        Assert.Equal("image/jpeg", written.ContentType);
        await using var read = await Store.OpenReadAsync(key);
        Assert.NotNull(read);
        Assert.Equal(100_000, read.Length);
        Assert.Equal("image/jpeg", read.ContentType);
        using var copy = new MemoryStream();
        await read.Content.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task Round_trips_a_30_MB_non_seekable_stream_of_unknown_length()
    {
        const long length = 30_000_000;
        var key = NewKey(".mp4");
        await using var body = new GeneratedStream(length, seed: 30);

        var written = await Store.PutAsync(key, body, "video/mp4");

        var expected = GeneratedStream.ExpectedSha256(length, seed: 30);
        Assert.Equal(length, written.Size);
        Assert.Equal(expected, written.Sha256);
        AfterLargePut(written);
        await using var read = await Store.OpenReadAsync(key);
        Assert.NotNull(read);
        Assert.Equal(length, read.Length);
        Assert.Equal("video/mp4", read.ContentType);
        var (size, sha256) = await StreamHashing.ReadAllAsync(read.Content);
        Assert.Equal(length, size);
        Assert.Equal(expected, sha256);
    }

    [Fact]
    public async Task Stream_and_memory_puts_report_the_same_hash_for_the_same_bytes()
    {
        var bytes = RandomNumberGenerator.GetBytes(70_001);
        var fromMemory = await Store.PutAsync(NewKey(), bytes, "application/octet-stream");
        using var stream = new MemoryStream(bytes);
        var fromStream = await Store.PutAsync(NewKey(), stream, "application/octet-stream");

        Assert.Equal(fromMemory.Sha256, fromStream.Sha256);
        Assert.Equal(fromMemory.Size, fromStream.Size);
    }

    [Fact]
    public async Task Empty_blob_round_trips_with_the_sha256_of_nothing()
    {
        var key = NewKey();

        var written = await Store.PutAsync(key, ReadOnlyMemory<byte>.Empty, "text/plain");

        Assert.Equal(0, written.Size);
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", written.Sha256);
        var info = await Store.GetInfoAsync(key);
        Assert.NotNull(info);
        Assert.Equal(0, info.Size);
    }

    [Fact]
    public async Task Info_exists_and_delete_follow_the_blob()
    {
        var key = NewKey(".png");
        await Store.PutAsync(key, new byte[1234], "image/png");

        var info = await Store.GetInfoAsync(key);
        Assert.NotNull(info);
        Assert.Equal(key, info.Key);
        Assert.Equal(1234, info.Size);
        Assert.Equal("image/png", info.ContentType);
        Assert.True(await Store.ExistsAsync(key));

        await Store.DeleteAsync(key);

        Assert.False(await Store.ExistsAsync(key));
        Assert.Null(await Store.GetInfoAsync(key));
        Assert.Null(await Store.OpenReadAsync(key));
    }

    [Fact]
    public async Task Move_puts_the_bytes_and_content_type_under_the_new_key_and_nothing_under_the_old()
    {
        var from = NewKey(".mp4");
        var to = NewKey(".mp4");
        var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(70_000);
        var written = await Store.PutAsync(from, bytes, "video/mp4");

        await Store.MoveAsync(from, to);

        Assert.False(await Store.ExistsAsync(from));
        var info = await Store.GetInfoAsync(to);
        Assert.Equal(bytes.Length, info?.Size);
        Assert.Equal("video/mp4", info?.ContentType);
        await using var read = await Store.OpenReadAsync(to);
        using var copy = new MemoryStream();
        await read!.Content.CopyToAsync(copy);
        Assert.Equal(written.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(copy.ToArray())));
    }

    [Fact]
    public async Task Deleting_a_missing_blob_succeeds()
    {
        var key = NewKey();
        await Store.DeleteAsync(key);
        await Store.DeleteAsync(key);
        Assert.False(await Store.ExistsAsync(key));
    }

    [Fact]
    public async Task Missing_key_reads_as_null()
    {
        var key = NewKey();
        Assert.Null(await Store.OpenReadAsync(key));
        Assert.Null(await Store.GetInfoAsync(key));
        Assert.False(await Store.ExistsAsync(key));
    }

    [Fact]
    public async Task Put_replaces_an_existing_blob_and_its_content_type()
    {
        var key = NewKey();
        await Store.PutAsync(key, new byte[] { 1, 2, 3 }, "image/jpeg");
        await Store.PutAsync(key, new byte[] { 9, 8 }, "image/png");

        await using var read = await Store.OpenReadAsync(key);
        Assert.NotNull(read);
        Assert.Equal("image/png", read.ContentType);
        using var copy = new MemoryStream();
        await read.Content.CopyToAsync(copy);
        Assert.Equal(new byte[] { 9, 8 }, copy.ToArray());
    }

    [Theory]
    [InlineData("image/jpeg\r\nX-Injected: 1")]
    [InlineData("")]
    [InlineData("not a media type")]
    [InlineData("image/jpég")]
    public async Task Put_rejects_a_malformed_content_type(string contentType)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(NewKey(), new byte[] { 1 }, contentType));
    }

    [Fact]
    public async Task Health_check_reports_healthy_when_the_store_works()
    {
        var health = await Store.CheckHealthAsync();
        Assert.True(health.IsHealthy, health.Description);
    }
}
