namespace IngestionCluster.Gateway.Errors;

/// <summary>A request the gateway refuses, with the HTTP status and the reason to put in the problem details.</summary>
public sealed class ApiProblemException : Exception
{
    public ApiProblemException(int statusCode, string title, string detail) : base(detail)
    {
        StatusCode = statusCode;
        Title = title;
    }

    public int StatusCode { get; }

    public string Title { get; }
}
