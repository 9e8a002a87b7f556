namespace IngestionCluster.Storage.Blobs;

/// <summary>
/// An open blob: a forward-only stream of its bytes with its length and content type. The caller owns
/// it and must dispose it (or hand <see cref="Content"/> to something that disposes it, such as
/// <c>Results.Stream</c>), which releases the file handle or the HTTP connection behind it.
/// </summary>
public sealed class BlobReadResult : IDisposable, IAsyncDisposable
{
    /// <summary>Wraps an open stream.</summary>
    public BlobReadResult(BlobKey key, Stream content, long length, string contentType, DateTimeOffset? lastModified)
    {
        Key = key;
        Content = content;
        Length = length;
        ContentType = contentType;
        LastModified = lastModified;
    }

    /// <summary>The blob's key.</summary>
    public BlobKey Key { get; }

    /// <summary>The bytes, read from the start; disposing it releases the underlying resources.</summary>
    public Stream Content { get; }

    /// <summary>Size in bytes (for Content-Length).</summary>
    public long Length { get; }

    /// <summary>The content type stored with the blob.</summary>
    public string ContentType { get; }

    /// <summary>When the blob was last written, when the store knows.</summary>
    public DateTimeOffset? LastModified { get; }

    /// <inheritdoc />
    public void Dispose() => Content.Dispose();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
