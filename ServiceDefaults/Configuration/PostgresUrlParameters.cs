using System.Globalization;
using System.Web;
using Npgsql;

namespace IngestionCluster.ServiceDefaults.Configuration;

/// <summary>
/// The query parameters of a <c>postgresql://</c> URL that libpq, psycopg and asyncpg take (<c>?sslmode=require</c>,
/// asyncpg's <c>?ssl=require</c>, <c>connect_timeout</c>, …) applied to an Npgsql connection string. A parameter
/// it does not know is refused rather than dropped: losing <c>sslmode=verify-full</c> would weaken the connection unseen.
/// </summary>
internal static class PostgresUrlParameters
{
    private const int MaxConnectTimeoutSeconds = 1024;
    private const string Known = "sslmode, ssl, sslrootcert, sslcert, sslkey, sslpassword, channel_binding, gssencmode, connect_timeout, application_name, options, target_session_attrs";

    public static void Apply(NpgsqlConnectionStringBuilder builder, string variable, string query)
    {
        var parameters = HttpUtility.ParseQueryString(query);
        foreach (var name in parameters.AllKeys)
        {
            var value = parameters[name] ?? string.Empty;
            switch (name?.ToLowerInvariant())
            {
                case "sslmode":
                case "ssl":
                    builder.SslMode = SslModeOf(variable, name, value);
                    break;
                case "sslrootcert":
                    builder.RootCertificate = value;
                    break;
                case "sslcert":
                    builder.SslCertificate = value;
                    break;
                case "sslkey":
                    builder.SslKey = value;
                    break;
                case "sslpassword":
                    builder.SslPassword = value;
                    break;
                case "channel_binding":
                    builder.ChannelBinding = DisablePreferOrRequire<ChannelBinding>(variable, name, value);
                    break;
                case "gssencmode":
                    builder.GssEncryptionMode = DisablePreferOrRequire<GssEncryptionMode>(variable, name, value);
                    break;
                case "connect_timeout":
                    // libpq's 0 means no limit, as Npgsql's does; Npgsql allows at most 1024 s.
                    builder.Timeout = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= MaxConnectTimeoutSeconds
                        ? seconds
                        : throw SeedValues.BadSecret(variable, $"a URL whose connect_timeout is a whole number of seconds from 0 (no limit) to {MaxConnectTimeoutSeconds}");
                    break;
                case "application_name":
                    builder.ApplicationName = value;
                    break;
                case "options":
                    builder.Options = value;
                    break;
                case "target_session_attrs":
                    builder.TargetSessionAttributes = value;
                    break;
                default:
                    throw SeedValues.BadSecret(variable, $"a URL with query parameters among {Known}; '{name}' is not one");
            }
        }
    }

    // libpq's channel_binding and gssencmode take the same three values as Npgsql's Channel Binding and GSS Encryption Mode.
    private static T DisablePreferOrRequire<T>(string variable, string? name, string value) where T : struct, Enum =>
        value.ToLowerInvariant() is "disable" or "prefer" or "require"
            ? Enum.Parse<T>(value, ignoreCase: true)
            : throw SeedValues.BadSecret(variable, $"a URL whose {name} is disable, prefer or require");

    private static SslMode SslModeOf(string variable, string? name, string value) => value.ToLowerInvariant() switch
    {
        "disable" or "false" => SslMode.Disable,
        "allow" => SslMode.Allow,
        "prefer" => SslMode.Prefer,
        "require" or "true" => SslMode.Require,
        "verify-ca" => SslMode.VerifyCA,
        "verify-full" => SslMode.VerifyFull,
        _ => throw SeedValues.BadSecret(variable, $"a URL whose {name} is disable, allow, prefer, require, verify-ca or verify-full"),
    };
}
