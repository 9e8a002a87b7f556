using System.Text;
using IngestionCluster.Gateway.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace IngestionCluster.Gateway.Streaming;

/// <summary>
/// Reads multipart/form-data bodies section by section, without buffering them (unlike the form
/// feature), so files can be streamed straight to the blob store. Structural problems become 400s.
/// </summary>
internal static class MultipartForm
{
    /// <summary>Longest boundary RFC 2046 allows.</summary>
    private const int MaxBoundaryLength = 70;

    public static bool IsMultipart(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
        && mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);

    /// <exception cref="ApiProblemException">415 when the body is not multipart/form-data, 400 without a usable boundary.</exception>
    public static MultipartReader OpenReader(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw ApiProblems.UnsupportedMediaType("The body must be multipart/form-data.");
        }
        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrWhiteSpace(boundary) || boundary.Length > MaxBoundaryLength)
        {
            throw ApiProblems.BadRequest("The multipart/form-data body has no valid boundary.");
        }
        return new MultipartReader(boundary, request.Body) { HeadersCountLimit = 16, HeadersLengthLimit = 16 * 1024 };
    }

    /// <summary>The next form-data section, or null at the end of the body.</summary>
    public static async Task<MultipartPart?> NextAsync(MultipartReader reader, CancellationToken cancellationToken)
    {
        MultipartSection? section;
        try
        {
            section = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsMalformed(e, cancellationToken))
        {
            throw Malformed(e);
        }
        if (section is null)
        {
            return null;
        }
        if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
            || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw ApiProblems.BadRequest("Every multipart section needs a 'Content-Disposition: form-data; name=...' header.");
        }
        var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
        string? fileName = null;
        if (disposition.FileNameStar.HasValue || disposition.FileName.HasValue)
        {
            fileName = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
            fileName ??= string.Empty;
        }
        return new MultipartPart(section, name, fileName);
    }

    /// <summary>A text field, UTF-8, at most <paramref name="maxBytes"/> bytes (413 beyond).</summary>
    public static async Task<string> ReadTextAsync(MultipartPart part, int maxBytes, CancellationToken cancellationToken)
    {
        var bytes = await ReadBytesAsync(part.Body, maxBytes, $"Field '{part.Name}'", cancellationToken).ConfigureAwait(false);
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw ApiProblems.BadRequest($"Field '{part.Name}' is not valid UTF-8.");
        }
    }

    /// <summary>Reads a whole stream of at most <paramref name="maxBytes"/> bytes (413 beyond).</summary>
    public static async Task<byte[]> ReadBytesAsync(Stream body, long maxBytes, string what, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var limited = new LimitedReadStream(ReadOnlyMemory<byte>.Empty, body, maxBytes, what);
        try
        {
            await limited.CopyToAsync(buffer, 81920, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsMalformed(e, cancellationToken))
        {
            throw Malformed(e);
        }
        return buffer.ToArray();
    }

    /// <summary>Reads and discards a section the endpoint does not use.</summary>
    public static async Task SkipAsync(MultipartPart part, CancellationToken cancellationToken)
    {
        try
        {
            await part.Body.DrainAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsMalformed(e, cancellationToken))
        {
            throw Malformed(e);
        }
    }

    /// <summary>
    /// Reads the rest of a part and drops it, as <see cref="SkipAsync(MultipartPart, CancellationToken)"/>: 413 when it
    /// and the <paramref name="alreadyRead"/> bytes before it hold more than <paramref name="maxBytes"/>.
    /// </summary>
    public static async Task SkipAsync(MultipartPart part, long maxBytes, int alreadyRead, string what, CancellationToken cancellationToken)
    {
        try
        {
            await using var limited = new LimitedReadStream(new byte[alreadyRead], part.Body, maxBytes, what);
            await limited.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsMalformed(e, cancellationToken))
        {
            throw Malformed(e);
        }
    }

    /// <summary>
    /// A truncated or garbled body: the multipart reader's IOException or InvalidDataException. Kestrel's
    /// own BadHttpRequestException (an IOException too, e.g. 413 beyond the body limit) keeps its status.
    /// </summary>
    public static bool IsMalformed(Exception exception, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested
        && exception is (IOException or InvalidDataException) and not BadHttpRequestException;

    public static ApiProblemException Malformed(Exception exception) =>
        ApiProblems.BadRequest($"The multipart body is malformed: {exception.Message}");
}
