namespace IngestionCluster.Gateway.Errors;

/// <summary>A request the gateway refuses, with the HTTP status and the reason to put in the problem details.</summary>
public sealed class ApiProblemException : Exception
{
    public ApiProblemException(int statusCode, string title, string detail, int? retryAfterSeconds = null) : base(detail)
    {
        StatusCode = statusCode;
        Title = title;
        RetryAfterSeconds = retryAfterSeconds;
    }

    /// <summary>Sent as <c>Retry-After</c>: the same request is expected to succeed later (and is no server error to log as one).</summary>
    public int? RetryAfterSeconds { get; }

    public int StatusCode { get; }

    public string Title { get; }
}
