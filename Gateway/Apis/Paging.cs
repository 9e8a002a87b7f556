using IngestionCluster.Gateway.Errors;

namespace IngestionCluster.Gateway.Apis;

/// <summary>The <c>skip</c> and <c>limit</c> query parameters of the list endpoints.</summary>
internal static class Paging
{
    public const int MaxLimit = 1000;

    public static (int Skip, int Limit) Validate(int? skip, int? limit, int defaultLimit)
    {
        var s = skip ?? 0;
        var l = limit ?? defaultLimit;
        if (s < 0)
        {
            throw ApiProblems.BadRequest("skip must be 0 or more.");
        }
        if (l is < 1 or > MaxLimit)
        {
            throw ApiProblems.BadRequest($"limit must be between 1 and {MaxLimit}.");
        }
        return (s, l);
    }
}
