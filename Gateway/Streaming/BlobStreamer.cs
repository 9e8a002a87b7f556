using IngestionCluster.Gateway.Errors;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Storage.Content;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Gateway.Streaming;

/// <summary>
/// Streams request bodies to the blob store: sniffs the content type from the first bytes, enforces the
/// size limit while streaming (the store hashes as the bytes pass), and remembers every blob it wrote so
/// that a request failing later can delete them — no partial blobs stay behind.
/// </summary>
internal sealed class BlobStreamer(IBlobStore blobs, ILogger logger)
{
    /// <summary>Enough bytes for every signature <see cref="ContentSniffer"/> knows.</summary>
    private const int SniffBytes = ContentSniffer.HeadBytes;

    private readonly List<BlobKey> _written = [];

    public IBlobStore Store => blobs;

    /// <summary>The blobs written so far (and not deleted).</summary>
    public IReadOnlyList<BlobKey> Written => _written;

    /// <summary>
    /// Streams <paramref name="body"/> to the key <paramref name="keyFor"/> builds from the sniffed content type.
    /// </summary>
    /// <param name="body">The body or section to read.</param>
    /// <param name="maxBytes">413 beyond this many bytes.</param>
    /// <param name="what">Names the body in error messages.</param>
    /// <param name="accept">Content types accepted (415 otherwise); null accepts any.</param>
    /// <param name="keyFor">The blob key for the sniffed content type.</param>
    /// <param name="contentTypeOverride">Store with this content type instead of the sniffed one (declared uploads).</param>
    /// <param name="cancellationToken">The request's token.</param>
    public async Task<BlobWriteResult> StreamAsync(
        Stream body,
        long maxBytes,
        string what,
        IReadOnlySet<string>? accept,
        Func<string, BlobKey> keyFor,
        string? contentTypeOverride,
        CancellationToken cancellationToken)
    {
        var head = new byte[SniffBytes];
        int headLength;
        try
        {
            headLength = await body.ReadAtLeastAsync(head, SniffBytes, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (MultipartForm.IsMalformed(e, cancellationToken))
        {
            throw MultipartForm.Malformed(e);
        }
        if (headLength == 0)
        {
            throw UnacceptedContentException.Empty(what);
        }
        var sniffed = ContentSniffer.Sniff(head.AsSpan(0, headLength));
        if (accept is not null && !accept.Contains(sniffed))
        {
            throw UnacceptedContentException.OfType(what, sniffed, accept);
        }
        var contentType = contentTypeOverride ?? sniffed;
        var key = keyFor(sniffed);
        var stream = new LimitedReadStream(head.AsMemory(0, headLength), body, maxBytes, what);
        // Tracked before the write: a client that hangs up while the store commits the object gets an error here
        // although the object may have landed, and then it goes too. (The flows that delete what they wrote, uploads
        // and LDOs, write under keys of their own request only.)
        _written.Add(key);
        try
        {
            return await blobs.PutAsync(key, stream, contentType, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (MultipartForm.IsMalformed(e, cancellationToken))
        {
            throw MultipartForm.Malformed(e);
        }
    }

    /// <summary>Moves a blob this streamer wrote to its final key; the final key is then the one a failure deletes.</summary>
    public async Task MoveAsync(BlobKey from, BlobKey to, CancellationToken cancellationToken)
    {
        // Tracked before the move: if the copy lands but the request fails right after, the copy goes too.
        _written.Add(to);
        await blobs.MoveAsync(from, to, cancellationToken).ConfigureAwait(false);
        _written.Remove(from);
    }

    /// <summary>Deletes every blob this streamer wrote (best effort, not cancellable: it runs when a request failed).</summary>
    public async Task DeleteWrittenAsync()
    {
        foreach (var key in _written)
        {
            try
            {
                await blobs.DeleteAsync(key, CancellationToken.None).ConfigureAwait(false);
            }
            catch (BlobStoreException e)
            {
                logger.LogWarning("Blob {BlobKey} of a failed request not deleted: {Error}", key, e.Message);
            }
        }
        _written.Clear();
    }
}
