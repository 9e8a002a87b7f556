using System.Globalization;
using System.Text.Json;

namespace IngestionCluster.ServiceDefaults.Configuration;

/// <summary>Reads the value forms the seed services used (Python settings conventions) into the project's forms.</summary>
internal static class SeedValues
{
    public static string Port(string variable, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
            ? port.ToString(CultureInfo.InvariantCulture)
            : throw Bad(variable, "a port number (1-65535)", value);

    public static string PositiveInteger(string variable, string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number.ToString(CultureInfo.InvariantCulture)
            : throw Bad(variable, "a positive whole number", value);

    public static string PositiveNumber(string variable, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number > 0 && double.IsFinite(number)
            ? number.ToString(CultureInfo.InvariantCulture)
            : throw Bad(variable, "a positive number", value);

    /// <summary>Seconds, as the seeds give timeouts, to a TimeSpan setting.</summary>
    public static string Seconds(string variable, string value) =>
        TimeSpan.FromSeconds(double.Parse(PositiveNumber(variable, value), CultureInfo.InvariantCulture)).ToString("c", CultureInfo.InvariantCulture);

    /// <summary>Minutes, as the log-ingest seed gave token lifetimes, to a TimeSpan setting.</summary>
    public static string Minutes(string variable, string value) =>
        Seconds(variable, (double.Parse(PositiveNumber(variable, value), CultureInfo.InvariantCulture) * 60).ToString(CultureInfo.InvariantCulture));

    /// <summary>Python's truthy strings.</summary>
    public static bool Boolean(string variable, string value) => value.ToLowerInvariant() switch
    {
        "1" or "true" or "yes" or "on" => true,
        "0" or "false" or "no" or "off" => false,
        _ => throw Bad(variable, "true or false", value),
    };

    /// <summary>An endpoint given as <c>host:port</c> (MinIO style) or as a URL.</summary>
    public static string Endpoint(string variable, string value, bool secure)
    {
        var url = value.Contains("://", StringComparison.Ordinal) ? value : $"{(secure ? "https" : "http")}://{value}";
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0
            ? url.TrimEnd('/')
            : throw Bad(variable, "host:port or an http(s) URL", value);
    }

    /// <summary>Python's logging level names.</summary>
    public static string LogLevel(string variable, string value) =>
        TryPythonLogLevel(value, out var level) ? level : throw Bad(variable, "DEBUG, INFO, WARNING, ERROR or CRITICAL", value);

    /// <summary>The .NET log level a Python logging level name (any case) stands for.</summary>
    public static bool TryPythonLogLevel(string value, out string level)
    {
        level = value.Trim().ToUpperInvariant() switch
        {
            "DEBUG" => "Debug",
            "INFO" => "Information",
            "WARNING" or "WARN" => "Warning",
            "ERROR" => "Error",
            "CRITICAL" or "FATAL" => "Critical",
            _ => string.Empty,
        };
        return level.Length > 0;
    }

    /// <summary>A list of origins: a JSON list (<c>["https://a"]</c>) or a comma-separated string.</summary>
    public static IReadOnlyList<string> Origins(string variable, string value)
    {
        if (value.StartsWith('['))
        {
            try
            {
                return JsonSerializer.Deserialize<string[]>(value) ?? [];
            }
            catch (JsonException)
            {
                throw Bad(variable, "a JSON list of origins such as [\"https://app.example.com\"]", value);
            }
        }
        return [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    public static SeedValueException Bad(string variable, string expected, string value) =>
        new($"{variable} must be {expected}, got '{value}'.");

    /// <summary>For secrets: the problem without the value.</summary>
    public static SeedValueException BadSecret(string variable, string expected) =>
        new($"{variable} must be {expected} (its value is not shown).");
}
