using System.Globalization;
using Npgsql;

namespace IngestionCluster.ServiceDefaults.Configuration;

/// <summary>The connection URLs of the seeds' settings (<c>DATABASE_URL</c>, <c>REDIS_URL</c>, <c>MQTT_BROKER_URL</c>) in the project's forms.</summary>
internal static class SeedUrls
{
    /// <summary>
    /// <c>postgresql://user:pass@host:port/db</c> (also <c>postgres://</c> and SQLAlchemy's <c>postgresql+asyncpg://</c>)
    /// as an Npgsql connection string (with its query parameters, see <see cref="PostgresUrlParameters"/>), or <c>sqlite:///path</c> as a SQLite path
    /// (see <see cref="SqliteUrlParameters"/>). The URL holds a password: problems never show it.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Database(string variable, string value)
    {
        if (value.StartsWith("sqlite", StringComparison.OrdinalIgnoreCase))
        {
            var at = value.IndexOf(":///", StringComparison.Ordinal);
            return at < 0
                ? throw SeedValues.BadSecret(variable, "a postgresql:// URL or sqlite:///path")
                : [new("Db:Provider", "sqlite"), new("Db:SqlitePath", SqliteUrlParameters.FilePath(variable, value[(at + 4)..]))];
        }
        var schemeEnd = value.IndexOf("://", StringComparison.Ordinal);
        var scheme = schemeEnd > 0 ? value[..schemeEnd].ToLowerInvariant() : string.Empty;
        if (scheme is not ("postgresql" or "postgres" or "postgresql+asyncpg" or "postgresql+psycopg" or "postgresql+psycopg2")
            || !Uri.TryCreate("postgresql" + value[schemeEnd..], UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw SeedValues.BadSecret(variable, "a URL such as postgresql://user:password@host:5432/database");
        }
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/')) is { Length: > 0 } database ? database : "postgres",
        };
        if (uri.UserInfo.Length > 0)
        {
            (builder.Username, var password) = UrlCredentials.Split(uri);
            if (password is not null)
            {
                builder.Password = password;
            }
        }
        PostgresUrlParameters.Apply(builder, variable, uri.Query);
        return [new("Db:Provider", "postgres"), new("Db:ConnectionString", builder.ConnectionString)];
    }

    /// <summary>
    /// <c>redis://[:password@]host:port[/db]</c> (or <c>rediss://</c> for TLS) as a StackExchange.Redis configuration, with
    /// the query parameters <see cref="RedisUrlParameters"/> allows.
    /// </summary>
    public static string Redis(string variable, string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("redis" or "rediss") || uri.Host.Length == 0)
        {
            throw SeedValues.BadSecret(variable, "a URL such as redis://host:6379/0");
        }
        var configuration = $"{uri.Host}:{(uri.Port > 0 ? uri.Port : 6379)}";
        if (uri.UserInfo.Length > 0)
        {
            // redis://secret@host: a lone value is the password (Redis before ACLs had no users).
            var (user, password) = UrlCredentials.Split(uri);
            if (password is null)
            {
                (user, password) = (string.Empty, user);
            }
            if (user.Contains(',', StringComparison.Ordinal) || password.Contains(',', StringComparison.Ordinal))
            {
                // StackExchange.Redis reads ',' as the next option: the password would be cut short and its rest taken for a host.
                throw SeedValues.BadSecret(variable, "a URL whose user and password have no ',' (set Redis__Configuration with the password instead)");
            }
            configuration += (user.Length > 0 ? $",user={user}" : string.Empty) + $",password={password}";
        }
        // redis-py takes the database from the path (/2) or from ?db=2.
        var queryDatabase = RedisUrlParameters.Database(variable, uri.Query);
        var databaseText = uri.AbsolutePath.Trim('/') is { Length: > 0 } path ? path : queryDatabase;
        if (databaseText is not null)
        {
            // A database that is not a number would otherwise be dropped unseen, and every key written to database 0.
            configuration += int.TryParse(databaseText, NumberStyles.None, CultureInfo.InvariantCulture, out var database)
                ? $",defaultDatabase={database}"
                : throw SeedValues.BadSecret(variable, "a URL whose database (its path, or ?db=) is a number, such as redis://host:6379/0");
        }
        return uri.Scheme == "rediss" ? configuration + ",ssl=true" : configuration;
    }

    /// <summary>
    /// An MQTT broker as <c>mqtt://</c>/<c>mqtts://</c> (also paho's <c>tcp://</c>/<c>ssl://</c>, or bare <c>host[:port]</c>).
    /// Credentials in the URL (<c>mqtt://user:password@broker</c>) become <c>Mqtt:User</c> and <c>Mqtt:Password</c>
    /// unless <c>MQTT_USER</c>, <c>MQTT_PASSWORD</c> or the project's own user or password is set; the broker URL keeps none.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Mqtt(string variable, string value, SeedEnvironment environment)
    {
        var url = MqttUrl(variable, value);
        var uri = new Uri(url);
        if (uri.UserInfo.Length == 0)
        {
            return [new("Mqtt:BrokerUrl", url)];
        }
        var (user, password) = UrlCredentials.Split(uri);
        var withoutCredentials = new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri.GetComponents(
            UriComponents.SchemeAndServer | UriComponents.PathAndQuery, UriFormat.UriEscaped).TrimEnd('/');
        var settings = new List<KeyValuePair<string, string>> { new("Mqtt:BrokerUrl", withoutCredentials) };
        // A user and a password go together: with either one set elsewhere, the URL's pair is not used.
        if (environment["MQTT_USER"] is not null || environment["MQTT_PASSWORD"] is not null
            || environment.ProjectValue("Mqtt:User") is not null || environment.ProjectValue("Mqtt:Password") is not null)
        {
            return settings;
        }
        if (user.Length > 0)
        {
            settings.Add(new("Mqtt:User", user));
        }
        if (password is { Length: > 0 })
        {
            settings.Add(new("Mqtt:Password", password));
        }
        return settings;
    }

    private static string MqttUrl(string variable, string value)
    {
        var url = value.Contains("://", StringComparison.Ordinal) ? value : "mqtt://" + value;
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var scheme = url[..schemeEnd].ToLowerInvariant() switch
        {
            "mqtt" or "tcp" => "mqtt",
            "mqtts" or "ssl" or "tls" => "mqtts",
            _ => throw SeedValues.Bad(variable, "an mqtt:// or mqtts:// URL (or host:port)", UrlCredentials.Mask(value)),
        };
        url = scheme + url[schemeEnd..];
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Host.Length > 0
            ? url
            : throw SeedValues.Bad(variable, "an mqtt:// or mqtts:// URL (or host:port)", UrlCredentials.Mask(value));
    }
}
