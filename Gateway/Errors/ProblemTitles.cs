namespace IngestionCluster.Gateway.Errors;

/// <summary>The titles of the API's problem details, one spelling for each status, whoever raises it.</summary>
public static class ProblemTitles
{
    public const string BadRequest = "Bad request";
    public const string NotFound = "Not found";
    public const string Conflict = "Conflict";
    public const string Forbidden = "Forbidden";
    public const string PayloadTooLarge = "Payload too large";
    public const string UnsupportedMediaType = "Unsupported media type";
    public const string UnprocessableEntity = "Unprocessable entity";
    public const string ServiceUnavailable = "Service unavailable";
}
