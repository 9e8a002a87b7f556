using IngestionCluster.Gateway.Errors;
using Microsoft.AspNetCore.Http;

namespace IngestionCluster.Gateway.Streaming;

/// <summary>
/// A body the streamer refused by its first bytes, before writing anything: empty (400), or not of an accepted type
/// (415). An upload skips such a file; elsewhere it is the request's answer.
/// </summary>
public sealed class UnacceptedContentException(int statusCode, string title, string detail) : Exception(detail)
{
    public int StatusCode { get; } = statusCode;

    public string Title { get; } = title;

    public static UnacceptedContentException Empty(string what) => new(StatusCodes.Status400BadRequest, ProblemTitles.BadRequest, $"{what} is empty.");

    public static UnacceptedContentException OfType(string what, string found, IEnumerable<string> accepted) =>
        new(StatusCodes.Status415UnsupportedMediaType, ProblemTitles.UnsupportedMediaType, $"{what} is not an accepted type (found {found}; accepted: {string.Join(", ", accepted)}).");
}
