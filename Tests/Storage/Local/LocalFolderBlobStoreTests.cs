using IngestionCluster.Storage.Blobs;
using IngestionCluster.Storage.Local;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Storage.Support;

namespace IngestionCluster.Tests.Storage.Local;

public sealed class LocalFolderBlobStoreTests : BlobStoreContractTests, IDisposable
{
    private readonly TempDirectory _directory = new("blobs");
    private readonly RecordingLogger<LocalFolderBlobStore> _logger = new();

    private string RootPath => _directory.Combine("root");

    private LocalFolderBlobStore LocalStore => (LocalFolderBlobStore)Store;

    protected override async Task LeaveUnfinishedWriteAsync(BlobKey key)
    {
        var path = LocalStore.Resolve(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(Path.Combine(Path.GetDirectoryName(path)!, $".{key.Name}.{Guid.NewGuid():N}.tmp"), new byte[4096]);
    }

    protected override Task<int> CountUnfinishedWritesAsync() => Task.FromResult(Directory.Exists(RootPath)
        ? Directory.EnumerateFiles(RootPath, ".*.tmp", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Count()
        : 0);

    protected override Task<IBlobStore> CreateStoreAsync() =>
        Task.FromResult<IBlobStore>(new LocalFolderBlobStore(new LocalStorageOptions { LocalRoot = RootPath }, _logger));

    public void Dispose() => _directory.Dispose();

    private async Task<byte[]> ReadAsync(BlobKey key)
    {
        await using var read = await Store.OpenReadAsync(key);
        Assert.NotNull(read);
        using var bytes = new MemoryStream();
        await read.Content.CopyToAsync(bytes);
        return bytes.ToArray();
    }

    [Fact]
    public async Task Blob_is_a_file_under_the_root_named_by_its_key()
    {
        var key = BlobKey.From("images", "cam-1", "abc.jpg");

        await Store.PutAsync(key, new byte[] { 1, 2, 3 }, "image/jpeg");

        Assert.Equal(new byte[] { 1, 2, 3 }, await File.ReadAllBytesAsync(Path.Combine(RootPath, "images", "cam-1", "abc.jpg")));
        Assert.Equal(Path.GetFullPath(RootPath), LocalStore.Root);
    }

    [Fact]
    public async Task Failed_write_leaves_no_temp_file_and_no_blob()
    {
        var key = NewKey();
        await using var body = new GeneratedStream(10_000_000, failAfter: 300_000);

        await Assert.ThrowsAsync<IOException>(() => Store.PutAsync(key, body, "video/mp4"));

        Assert.Empty(Directory.GetFiles(RootPath, "*", SearchOption.AllDirectories));
        Assert.False(await Store.ExistsAsync(key));
    }

    [Fact]
    public async Task Deleting_or_moving_the_last_blob_of_a_folder_leaves_no_empty_folders_behind()
    {
        await Store.PutAsync(BlobKey.From("uploads", "req_1", "a.jpg"), new byte[] { 1 }, "image/jpeg");
        await Store.PutAsync(BlobKey.From("uploads", "req_1", "b.jpg"), new byte[] { 2 }, "image/jpeg");
        await Store.PutAsync(BlobKey.From("uploads", "req_2", "c.jpg"), new byte[] { 3 }, "image/jpeg");

        await Store.MoveAsync(BlobKey.From("uploads", "req_1", "a.jpg"), BlobKey.From("images", "cam-1", "a.jpg"));
        Assert.True(Directory.Exists(Path.Combine(RootPath, "uploads", "req_1")), "a folder that still holds a blob stays");
        await Store.MoveAsync(BlobKey.From("uploads", "req_1", "b.jpg"), BlobKey.From("images", "cam-1", "b.jpg"));
        Assert.False(Directory.Exists(Path.Combine(RootPath, "uploads", "req_1")));
        Assert.True(Directory.Exists(Path.Combine(RootPath, "uploads")));

        await Store.DeleteAsync(BlobKey.From("uploads", "req_2", "c.jpg"));
        await Store.DeleteAsync(BlobKey.From("images", "cam-1", "a.jpg"));

        Assert.Equal([Path.Combine(RootPath, "images")], Directory.GetDirectories(RootPath));
        Assert.Equal([2], await ReadAsync(BlobKey.From("images", "cam-1", "b.jpg")));
        await Store.DeleteAsync(BlobKey.From("images", "cam-1", "b.jpg"));
        Assert.Empty(Directory.GetFileSystemEntries(RootPath));
    }

    [Fact]
    public async Task A_failed_write_leaves_no_folders_made_for_it()
    {
        await using var body = new GeneratedStream(10_000_000, failAfter: 300_000);

        await Assert.ThrowsAsync<IOException>(() => Store.PutAsync(BlobKey.From("uploads", "req_9", "clip.mp4"), body, "video/mp4"));

        Assert.Empty(Directory.GetFileSystemEntries(RootPath));
    }

    [Fact]
    public async Task Writes_and_deletes_racing_in_one_folder_all_succeed()
    {
        // Each delete may prune the folder another write has just made: that write makes it again.
        var rounds = Enumerable.Range(0, 4000).Select(i => Task.Run(async () =>
        {
            var key = BlobKey.From("images", "cam-race", $"{i}.jpg");
            await Store.PutAsync(key, new byte[] { (byte)i }, "image/jpeg");
            Assert.Equal([(byte)i], await ReadAsync(key));
            await Store.DeleteAsync(key);
        }));

        await Task.WhenAll(rounds);

        Assert.Empty(Directory.GetFileSystemEntries(RootPath));
    }

    [Fact]
    public async Task Cancelled_write_leaves_no_temp_file()
    {
        var key = NewKey();
        using var cancellation = new CancellationTokenSource();
        await using var body = new GeneratedStream(10_000_000, callbackAt: 200_000, callback: async () =>
        {
            await cancellation.CancelAsync();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.PutAsync(key, body, "video/mp4", cancellation.Token));

        Assert.Empty(Directory.GetFiles(RootPath, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Failed_overwrite_keeps_the_previous_blob_intact()
    {
        var key = NewKey();
        await Store.PutAsync(key, new byte[] { 7, 7, 7 }, "image/jpeg");
        await using var body = new GeneratedStream(1_000_000, failAfter: 500_000);

        await Assert.ThrowsAsync<IOException>(() => Store.PutAsync(key, body, "image/png"));

        await using var read = await Store.OpenReadAsync(key);
        Assert.NotNull(read);
        Assert.Equal(3, read.Length);
        Assert.Equal("image/jpeg", read.ContentType);
        var files = Directory.GetFiles(RootPath, "*", SearchOption.AllDirectories);
        Assert.DoesNotContain(files, f => f.EndsWith(".tmp", StringComparison.Ordinal));
        Assert.Single(files, f => !Path.GetFileName(f).StartsWith('.'));
    }

    [Fact]
    public async Task Never_writes_outside_its_root_even_through_a_symbolic_link()
    {
        var outside = _directory.Combine("outside");
        Directory.CreateDirectory(outside);
        Directory.CreateDirectory(RootPath);
        Directory.CreateSymbolicLink(Path.Combine(RootPath, "images"), outside);
        var key = BlobKey.From("images", "cam-1", "x.jpg");

        var error = await Assert.ThrowsAsync<BlobStoreException>(() => Store.PutAsync(key, new byte[] { 1 }, "image/jpeg"));

        Assert.Contains("symbolic link", error.Message);
        Assert.False(error.IsTransient);
        Assert.Empty(Directory.GetFileSystemEntries(outside, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Refuses_to_read_a_blob_through_a_symbolic_link()
    {
        var outside = _directory.Combine("secret.txt");
        await File.WriteAllTextAsync(outside, "secret");
        Directory.CreateDirectory(Path.Combine(RootPath, "images"));
        File.CreateSymbolicLink(Path.Combine(RootPath, "images", "leak.txt"), outside);

        await Assert.ThrowsAsync<BlobStoreException>(() => Store.OpenReadAsync(BlobKey.From("images", "leak.txt")));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("a/b/c")]
    [InlineData("x.-_/a.")]
    [InlineData("x.-_/a.b")]
    [InlineData("-/_/a.b.c")]
    [InlineData("A-Z_a-z_0-9/end.")]
    public void Every_valid_key_resolves_inside_the_root(string value)
    {
        // Parse, not TryParse: each of these keys is valid, and one that is not must fail the test rather than skip it.
        var key = BlobKey.Parse(value);

        Assert.Equal(Path.Combine([LocalStore.Root, .. value.Split('/')]), LocalStore.Resolve(key));
    }

    [Fact]
    public void The_longest_valid_key_resolves_inside_the_root()
    {
        // Three segments of the longest length and a fourth that makes the key exactly the longest allowed.
        string[] segments = [.. Enumerable.Range(0, 3).Select(i => new string((char)('a' + i), BlobKey.MaxSegmentLength)),
            new string('d', BlobKey.MaxLength - (3 * BlobKey.MaxSegmentLength) - 3)];
        var key = BlobKey.Parse(string.Join('/', segments));
        Assert.Equal(BlobKey.MaxLength, key.Value.Length);

        Assert.Equal(Path.Combine([LocalStore.Root, .. segments]), LocalStore.Resolve(key));
    }

    [Fact]
    public async Task Content_type_lives_in_a_hidden_sidecar_that_no_key_can_name()
    {
        var key = BlobKey.From("docs", "report.pdf");

        await Store.PutAsync(key, new byte[] { 1 }, "application/pdf");

        var sidecar = Path.Combine(RootPath, "docs", ".report.pdf.content-type");
        Assert.Equal("application/pdf", await File.ReadAllTextAsync(sidecar));
        Assert.False(BlobKey.TryParse("docs/.report.pdf.content-type", out _));
    }

    [Fact]
    public async Task Reader_keeps_its_bytes_while_the_blob_is_replaced()
    {
        var key = NewKey();
        await Store.PutAsync(key, new byte[] { 1, 1, 1, 1 }, "application/octet-stream");
        await using var read = await Store.OpenReadAsync(key);
        Assert.NotNull(read);

        await Store.PutAsync(key, new byte[] { 2, 2 }, "application/octet-stream");

        using var copy = new MemoryStream();
        await read.Content.CopyToAsync(copy);
        Assert.Equal(new byte[] { 1, 1, 1, 1 }, copy.ToArray());
    }

    [Fact]
    public void Offers_no_presigned_upload_url()
    {
        Assert.Null(Store.CreateUploadUrl(NewKey(), "image/jpeg", DateTimeOffset.UtcNow.AddMinutes(5)));
    }

    [Fact]
    public async Task Health_check_reports_unhealthy_when_the_root_cannot_be_created()
    {
        var file = _directory.Combine("a-file");
        await File.WriteAllTextAsync(file, "x");
        var store = new LocalFolderBlobStore(new LocalStorageOptions { LocalRoot = Path.Combine(file, "blobs") }, _logger);

        var health = await store.CheckHealthAsync();

        Assert.False(health.IsHealthy);
        Assert.Contains("not writable", health.Description);
    }
}
