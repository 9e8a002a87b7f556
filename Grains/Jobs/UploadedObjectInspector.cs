using System.Buffers;
using System.Security.Cryptography;
using IngestionCluster.Storage.Blobs;

namespace IngestionCluster.Grains.Jobs;

/// <summary>Reads an uploaded object once: checks its size, hashes it and counts the lines of text objects.</summary>
internal static class UploadedObjectInspector
{
    private const int BufferSize = 128 * 1024;

    /// <summary>Content types whose lines are counted: every text/* type and newline-delimited JSON.</summary>
    public static bool IsText(string contentType)
    {
        var mediaType = MediaType(contentType);
        return mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/x-ndjson", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/jsonl", StringComparison.OrdinalIgnoreCase);
    }

    /// <param name="declaredContentType">The content type the object must have; null takes any.</param>
    public static async Task<UploadCheck> InspectAsync(IBlobStore blobs, BlobKey key, long declaredSize, string? declaredContentType, bool countLines, CancellationToken cancellationToken)
    {
        var info = await blobs.GetInfoAsync(key, cancellationToken).ConfigureAwait(false)
            ?? throw new UploadRejectedException("No object was uploaded: the upload URL was not used, or the upload did not finish.");
        if (info.Size != declaredSize)
        {
            throw new UploadRejectedException($"The uploaded object has {info.Size} bytes; {declaredSize} were declared.");
        }
        // S3 refuses a presigned PUT whose Content-Type differs from the signed one, but not every S3-protocol server checks signatures.
        if (declaredContentType is not null && !MediaType(info.ContentType).Equals(MediaType(declaredContentType), StringComparison.OrdinalIgnoreCase))
        {
            throw new UploadRejectedException($"The uploaded object's content type is '{info.ContentType}'; '{declaredContentType}' was declared.");
        }
        await using var blob = await blobs.OpenReadAsync(key, cancellationToken).ConfigureAwait(false)
            ?? throw new UploadRejectedException("The uploaded object disappeared while it was checked.");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long size = 0;
        long newlines = 0;
        var lastByte = -1;
        try
        {
            int read;
            while ((read = await blob.Content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                size += read;
                if (countLines)
                {
                    newlines += buffer.AsSpan(0, read).Count((byte)'\n');
                }
                lastByte = buffer[read - 1];
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        if (size != declaredSize)
        {
            throw new UploadRejectedException($"The uploaded object has {size} bytes; {declaredSize} were declared.");
        }
        // A last line without a final newline still counts.
        long? lines = countLines ? newlines + (size > 0 && lastByte != '\n' ? 1 : 0) : null;
        return new UploadCheck(size, Convert.ToHexStringLower(hash.GetHashAndReset()), lines);
    }

    private static string MediaType(string contentType) => contentType.Split(';', 2)[0].Trim();
}
