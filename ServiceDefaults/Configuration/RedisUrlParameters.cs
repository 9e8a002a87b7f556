using System.Web;

namespace IngestionCluster.ServiceDefaults.Configuration;

/// <summary>
/// The query parameters of a <c>redis://</c> URL that redis-py takes. Only <c>db</c> carries over (and
/// <c>ssl_cert_reqs=required</c>, which is what happens anyway); any other is refused rather than dropped:
/// losing <c>ssl_cert_reqs=none</c> or a timeout would change the connection unseen.
/// </summary>
internal static class RedisUrlParameters
{
    private const string Known = "db and ssl_cert_reqs=required";

    /// <summary>The query's <c>db</c>, or null; throws <see cref="SeedValueException"/> for a parameter that cannot carry over.</summary>
    public static string? Database(string variable, string query)
    {
        var parameters = HttpUtility.ParseQueryString(query);
        foreach (var name in parameters.AllKeys)
        {
            switch (name?.ToLowerInvariant())
            {
                case "db":
                    break;
                case "ssl_cert_reqs" when "required".Equals(parameters[name], StringComparison.OrdinalIgnoreCase):
                    break;
                case "ssl_cert_reqs":
                    // StackExchange.Redis always checks the server's certificate; a configuration string cannot turn that off.
                    throw SeedValues.BadSecret(variable, "a URL whose ssl_cert_reqs is required, as the server's certificate is always verified here (for another TLS setup set Redis__Configuration)");
                default:
                    throw SeedValues.BadSecret(variable, $"a URL with no query parameters but {Known} (for other options set Redis__Configuration); '{name}' is not one");
            }
        }
        return parameters["db"];
    }
}
