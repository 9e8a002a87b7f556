using IngestionCluster.ServiceDefaults.Configuration;

namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>
/// Where the broker is: <c>mqtt://host[:port]</c> (plain TCP, default port 1883) or
/// <c>mqtts://host[:port]</c> (TLS, default port 8883). Credentials do not belong in the URL.
/// </summary>
public sealed record MqttBrokerAddress(string Host, int Port, bool UseTls)
{
    public const int DefaultPort = 1883;
    public const int DefaultTlsPort = 8883;

    /// <summary>Parses a broker URL or throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static MqttBrokerAddress Parse(string? url) =>
        TryParse(url, out var address, out var error) ? address : throw new FormatException(error);

    public static bool TryParse(string? url, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MqttBrokerAddress? address, out string error)
    {
        address = null;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(url))
        {
            error = "the broker URL is empty; expected mqtt://host:port or mqtts://host:port";
            return false;
        }
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            error = $"'{UrlCredentials.Mask(url)}' is not a broker URL; expected mqtt://host:port or mqtts://host:port";
            return false;
        }
        var useTls = uri.Scheme switch
        {
            "mqtt" => false,
            "mqtts" => true,
            _ => (bool?)null,
        };
        if (useTls is null)
        {
            error = $"broker URL scheme '{uri.Scheme}' is not supported; use mqtt:// or mqtts://";
            return false;
        }
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            error = "the broker URL must not carry credentials; set Mqtt__User and Mqtt__Password instead";
            return false;
        }
        if (uri.AbsolutePath is not ("/" or "") || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            error = $"the broker URL '{uri.GetLeftPart(UriPartial.Scheme)}{uri.Authority}' must not have a path, query or fragment";
            return false;
        }
        var port = uri.IsDefaultPort || uri.Port < 0 ? (useTls.Value ? DefaultTlsPort : DefaultPort) : uri.Port;
        address = new MqttBrokerAddress(uri.DnsSafeHost, port, useTls.Value);
        return true;
    }

    public override string ToString() =>
        $"{(UseTls ? "mqtts" : "mqtt")}://{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port}";
}
