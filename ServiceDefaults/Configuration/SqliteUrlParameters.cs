using System.Web;

namespace IngestionCluster.ServiceDefaults.Configuration;

/// <summary>
/// The query parameters of a SQLAlchemy <c>sqlite:///path</c> URL. <c>check_same_thread</c> and <c>timeout</c> only
/// shape Python's sqlite3 driver (its thread check, its wait for a locked file, which this project does itself), so they
/// are dropped; any other (<c>mode=ro</c>, <c>cache=shared</c>, …) would change the database's use and is refused.
/// </summary>
internal static class SqliteUrlParameters
{
    private const string Dropped = "check_same_thread and timeout";

    /// <summary>The file path of <c>path[?query]</c>; throws <see cref="SeedValueException"/> for a parameter that cannot be dropped.</summary>
    public static string FilePath(string variable, string pathAndQuery)
    {
        var queryStart = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        if (queryStart < 0)
        {
            return pathAndQuery;
        }
        foreach (var name in HttpUtility.ParseQueryString(pathAndQuery[queryStart..]).AllKeys)
        {
            if (name?.ToLowerInvariant() is not ("check_same_thread" or "timeout"))
            {
                throw SeedValues.BadSecret(variable, $"a sqlite:///path URL with no query parameters but {Dropped}; '{name}' is not one");
            }
        }
        return pathAndQuery[..queryStart];
    }
}
