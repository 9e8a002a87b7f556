using System.Buffers;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Storage.Diagnostics;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Storage.Local;

/// <summary>
/// Blob store on a local folder, for standalone mode. A blob with key <c>a/b/c.jpg</c> is the file
/// <c>{root}/a/b/c.jpg</c>; its content type is kept in the sidecar <c>{root}/a/b/.c.jpg.content-type</c>
/// (a name no key can take, since key segments never start with a dot). Writes go to a temp file in the
/// same folder (<c>.c.jpg.{random}.tmp</c>), are flushed to disk and atomically renamed, so a crash never
/// leaves a partial file under the final name. Every path is resolved and checked to stay inside the
/// root, and no folder below the root may be a symbolic link.
/// </summary>
/// <remarks>
/// Unlike S3, a key cannot be both a blob and a prefix of other keys (<c>a/b</c> and <c>a/b/c</c>);
/// such a write fails with a <see cref="BlobStoreException"/>. Temp files of a crashed process stay as
/// hidden <c>.tmp</c> files until <see cref="RemoveAbandonedWritesAsync"/> removes them.
/// </remarks>
public sealed class LocalFolderBlobStore : IBlobStore
{
    private const string ContentTypeSuffix = ".content-type";
    private const string TempSuffix = ".tmp";
    private const int CopyBufferSize = 128 * 1024;

    /// <summary>Every file below a folder, dot files too (.NET reports them as hidden); symbolic links are never followed.</summary>
    private static readonly EnumerationOptions _walk = new() { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };

    private readonly ILogger _logger;

    /// <summary>Creates the store; the root folder is created on first write.</summary>
    public LocalFolderBlobStore(LocalStorageOptions options, ILogger<LocalFolderBlobStore> logger)
    {
        var problems = options.Validate().ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid local blob store settings: " + string.Join(" ", problems), nameof(options));
        }
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.LocalRoot!));
        _logger = logger;
        logger.LocalStoreConfigured(Root);
    }

    /// <summary>The absolute root folder.</summary>
    public string Root { get; }

    public string Container => "local";

    /// <inheritdoc />
    public async Task<BlobWriteResult> PutAsync(BlobKey key, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(content);
        contentType = BlobContentType.Validate(contentType, nameof(contentType));
        var path = Resolve(key);
        var directory = Path.GetDirectoryName(path)!;
        var temp = Path.Combine(directory, $".{key.Name}.{Guid.NewGuid():N}{TempSuffix}");
        var sidecarTemp = Path.Combine(directory, $".{key.Name}.{Guid.NewGuid():N}{ContentTypeSuffix}{TempSuffix}");
        var readingSource = false;
        try
        {
            CreateDirectoryInsideRoot(directory, key);
            long size = 0;
            string sha256;
            var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
            try
            {
                using var hash = BlobHashing.CreateSha256();
                await using (var file = CreateTempFile(temp, directory, key))
                {
                    while (true)
                    {
                        readingSource = true;
                        var read = await content.ReadAsync(buffer.AsMemory(0, CopyBufferSize), cancellationToken).ConfigureAwait(false);
                        readingSource = false;
                        if (read == 0)
                        {
                            break;
                        }
                        hash.AppendData(buffer, 0, read);
                        await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                        size += read;
                    }
                    // On disk before the rename makes it visible: a crash must not leave an empty file under the final name.
                    file.Flush(flushToDisk: true);
                }
                sha256 = BlobHashing.FinishHex(hash);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            await File.WriteAllTextAsync(sidecarTemp, contentType, cancellationToken).ConfigureAwait(false);
            File.Move(sidecarTemp, SidecarPath(path), overwrite: true);
            File.Move(temp, path, overwrite: true);
            return new BlobWriteResult(key, size, sha256, contentType);
        }
        catch (Exception e) when (!readingSource && e is IOException or UnauthorizedAccessException)
        {
            throw Failure("put", key, e);
        }
        finally
        {
            // Both are gone after a successful write (renamed); after a failure they must not linger, nor must the folders made for them.
            TryDelete(temp);
            TryDelete(sidecarTemp);
            if (!File.Exists(path))
            {
                PruneEmptyFolders(directory);
            }
        }
    }

    /// <summary>
    /// Creates the write's temp file. A delete that pruned the folder (emptied by another key) between its creation and this
    /// moment makes the creation fail: the folder is made again and the creation tried again.
    /// </summary>
    private FileStream CreateTempFile(string temp, string directory, BlobKey key)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return new FileStream(temp, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    Share = FileShare.None,
                    Options = FileOptions.Asynchronous,
                    BufferSize = 0,
                });
            }
            // Creating a file in a missing folder fails as FileNotFound on Linux, DirectoryNotFound elsewhere.
            catch (IOException e) when (e is FileNotFoundException or DirectoryNotFoundException && attempt < 3)
            {
                CreateDirectoryInsideRoot(directory, key);
            }
        }
    }

    /// <inheritdoc />
    public async Task<BlobWriteResult> PutAsync(BlobKey key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default)
    {
        using var stream = BlobMemory.OpenRead(content);
        return await PutAsync(key, stream, contentType, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<BlobReadResult?> OpenReadAsync(BlobKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        var path = Resolve(key);
        try
        {
            EnsureNoLinks(path, key);
            if (!File.Exists(path))
            {
                return Task.FromResult<BlobReadResult?>(null);
            }
            // Delete and rename may happen while a reader holds the file; it keeps reading the old bytes.
            var stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.Read | FileShare.Delete,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            });
            try
            {
                var info = new FileInfo(path);
                return Task.FromResult<BlobReadResult?>(new BlobReadResult(key, stream, stream.Length, ReadContentType(path), info.LastWriteTimeUtc));
            }
            catch
            {
                // The content type could not be read (permissions, say): the open data file is not handed to anyone.
                stream.Dispose();
                throw;
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<BlobReadResult?>(null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failure("get", key, e);
        }
    }

    /// <inheritdoc />
    public Task<BlobInfo?> GetInfoAsync(BlobKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        var path = Resolve(key);
        try
        {
            EnsureNoLinks(path, key);
            var info = new FileInfo(path);
            return Task.FromResult(info.Exists
                ? new BlobInfo(key, info.Length, ReadContentType(path), info.LastWriteTimeUtc)
                : null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failure("head", key, e);
        }
    }

    /// <inheritdoc />
    public async Task<bool> ExistsAsync(BlobKey key, CancellationToken cancellationToken = default) =>
        await GetInfoAsync(key, cancellationToken).ConfigureAwait(false) is not null;

    /// <inheritdoc />
    public Task DeleteAsync(BlobKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        var path = Resolve(key);
        try
        {
            EnsureNoLinks(path, key);
            if (File.Exists(path))
            {
                File.Delete(path);
            }
            var sidecar = SidecarPath(path);
            if (File.Exists(sidecar))
            {
                File.Delete(sidecar);
            }
            PruneEmptyFolders(Path.GetDirectoryName(path)!);
            return Task.CompletedTask;
        }
        catch (DirectoryNotFoundException)
        {
            return Task.CompletedTask;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failure("delete", key, e);
        }
    }

    /// <inheritdoc />
    public Task MoveAsync(BlobKey from, BlobKey to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        cancellationToken.ThrowIfCancellationRequested();
        var source = Resolve(from);
        var target = Resolve(to);
        try
        {
            EnsureNoLinks(source, from);
            for (var attempt = 1; ; attempt++)
            {
                CreateDirectoryInsideRoot(Path.GetDirectoryName(target)!, to);
                try
                {
                    // The content type first: a reader of the new key never finds the bytes without it.
                    if (File.Exists(SidecarPath(source)))
                    {
                        File.Move(SidecarPath(source), SidecarPath(target), overwrite: true);
                    }
                    File.Move(source, target, overwrite: true);
                    break;
                }
                catch (IOException e) when (e is FileNotFoundException or DirectoryNotFoundException && attempt < 3 && File.Exists(source))
                {
                    // A delete pruned the target's folder after it was made: make it again.
                }
            }
            PruneEmptyFolders(Path.GetDirectoryName(source)!);
            return Task.CompletedTask;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failure("move", from, e);
        }
    }

    /// <inheritdoc />
    /// <remarks>Temp files and content-type sidecars (dot files) are not blobs; symbolic links are not followed.</remarks>
    public Task<IReadOnlyList<BlobListing>> ListAsync(BlobKey folder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var directory = Resolve(folder);
        var listing = new List<BlobListing>();
        try
        {
            EnsureNoLinks(directory, folder);
            if (!Directory.Exists(directory))
            {
                return Task.FromResult<IReadOnlyList<BlobListing>>(listing);
            }
            foreach (var file in new DirectoryInfo(directory).EnumerateFiles("*", _walk))
            {
                cancellationToken.ThrowIfCancellationRequested();
                // No key segment starts with a dot, so temp files and sidecars do not parse.
                if (!BlobKey.TryParse(Path.GetRelativePath(Root, file.FullName).Replace(Path.DirectorySeparatorChar, '/'), out var key))
                {
                    continue;
                }
                try
                {
                    listing.Add(new BlobListing(key, file.Length, file.LastWriteTimeUtc));
                }
                catch (FileNotFoundException)
                {
                    // Deleted or moved away while the folder was walked: not there any more.
                }
            }
            return Task.FromResult<IReadOnlyList<BlobListing>>(listing);
        }
        catch (DirectoryNotFoundException)
        {
            // The folder was pruned while it was walked: what is left of it is nothing.
            return Task.FromResult<IReadOnlyList<BlobListing>>(listing);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failure("list", folder, e);
        }
    }

    /// <summary>Always null: the local store has no URL of its own; the gateway offers an upload endpoint instead.</summary>
    public BlobUploadUrl? CreateUploadUrl(BlobKey key, string? contentType, DateTimeOffset expiresAt) => null;

    /// <inheritdoc />
    /// <remarks>A temp file counts by its last write, so a slow write that is still going on is never removed.</remarks>
    public Task<int> RemoveAbandonedWritesAsync(DateTimeOffset startedBefore, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(Root))
        {
            return Task.FromResult(0);
        }
        var removed = 0;
        foreach (var path in Directory.EnumerateFiles(Root, $".*{TempSuffix}", _walk))
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (File.GetLastWriteTimeUtc(path) < startedBefore.UtcDateTime)
                {
                    File.Delete(path);
                    _logger.AbandonedTempFileRemoved(path);
                    removed++;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _logger.TempFileCleanupFailed(path, e.Message);
            }
        }
        return Task.FromResult(removed);
    }

    /// <inheritdoc />
    public async Task<BlobStoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        var probe = Path.Combine(Root, $".health-{Guid.NewGuid():N}{TempSuffix}");
        try
        {
            Directory.CreateDirectory(Root);
            await File.WriteAllBytesAsync(probe, [1], cancellationToken).ConfigureAwait(false);
            File.Delete(probe);
            return BlobStoreHealth.Healthy($"Local folder {Root} is writable.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(probe);
            return BlobStoreHealth.Unhealthy($"Local folder {Root} is not writable: {e.Message}", e);
        }
    }

    /// <summary>The absolute file path of <paramref name="key"/>, checked to lie inside the root.</summary>
    internal string Resolve(BlobKey key)
    {
        var path = Path.GetFullPath(Path.Combine(Root, key.Value.Replace('/', Path.DirectorySeparatorChar)));
        // BlobKey already rules out traversal; this is the second line of defence.
        if (!path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new BlobStoreException($"Local blob store: key '{key}' resolves outside {Root}.", "resolve", key, attempts: 1, isTransient: false);
        }
        return path;
    }

    /// <summary>Creates the blob's folders one level at a time, refusing any that is a symbolic link before going through it.</summary>
    private void CreateDirectoryInsideRoot(string directory, BlobKey key)
    {
        Directory.CreateDirectory(Root);
        var current = Root;
        foreach (var segment in Path.GetRelativePath(Root, directory).Split(Path.DirectorySeparatorChar))
        {
            if (segment == ".")
            {
                continue;
            }
            current = Path.Combine(current, segment);
            var entry = new DirectoryInfo(current);
            if (entry.LinkTarget is not null)
            {
                throw LinkRefused(current, key);
            }
            if (!entry.Exists)
            {
                Directory.CreateDirectory(current);
            }
        }
        EnsureNoLinks(Path.Combine(directory, key.Name), key);
    }

    /// <summary>Refuses a path whose folders below the root, or the file itself, are symbolic links (they could lead outside the root).</summary>
    private void EnsureNoLinks(string path, BlobKey key)
    {
        for (var current = path; current.Length > Root.Length; current = Path.GetDirectoryName(current)!)
        {
            FileSystemInfo entry = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (entry.Exists && entry.LinkTarget is not null)
            {
                throw LinkRefused(current, key);
            }
        }
    }

    private BlobStoreException LinkRefused(string path, BlobKey key) =>
        new($"Local blob store: '{key}' goes through the symbolic link {path}; links below {Root} are refused.",
            "resolve", key, attempts: 1, isTransient: false);

    /// <summary>
    /// Removes <paramref name="directory"/> and then each parent below the root while they are empty, so that deleted and
    /// moved blobs (a finished upload's <c>uploads/{request}</c> folder) leave no empty folders behind. A folder that
    /// another write fills meanwhile stays; that write makes its folder again if it lost it (see <see cref="CreateTempFile"/>).
    /// </summary>
    private void PruneEmptyFolders(string directory)
    {
        for (var current = directory; current.Length > Root.Length && current.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
             current = Path.GetDirectoryName(current)!)
        {
            try
            {
                // A link is never followed nor removed (writes through links are refused anyway).
                if (new DirectoryInfo(current).LinkTarget is not null || Directory.EnumerateFileSystemEntries(current).Any())
                {
                    return;
                }
                Directory.Delete(current, recursive: false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not empty any more, gone already, or not ours to remove: the folder is left as it is.
                return;
            }
        }
    }

    private static string SidecarPath(string path) =>
        Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + ContentTypeSuffix);

    private static string ReadContentType(string path)
    {
        try
        {
            var text = File.ReadAllText(SidecarPath(path)).Trim();
            return text.Length is > 0 and <= BlobContentType.MaxLength ? text : BlobContentType.Default;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return BlobContentType.Default;
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.TempFileCleanupFailed(path, e.Message);
        }
    }

    private BlobStoreException Failure(string operation, BlobKey key, Exception exception)
    {
        // Permissions do not fix themselves; other I/O errors (disk full, busy device) may.
        var transient = exception is not UnauthorizedAccessException;
        return new BlobStoreException(
            $"Local blob store at {Root}: {operation} of '{key}' failed: {exception.Message}",
            operation, key, attempts: 1, transient, exception);
    }
}
