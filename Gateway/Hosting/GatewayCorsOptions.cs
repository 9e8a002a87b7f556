using IngestionCluster.Gateway.Options;
using Microsoft.Extensions.Hosting;

namespace IngestionCluster.Gateway.Hosting;

/// <summary>Settings of section <c>Cors</c>: which browser origins may call the API (none by default).</summary>
public sealed class GatewayCorsOptions : IGatewaySettings
{
    public const string SectionName = "Cors";

    /// <summary>Origins such as <c>https://console.example.com</c> (<c>Cors__AllowedOrigins__0</c>, …); <c>*</c> allows any (not in Production).</summary>
    public string[] AllowedOrigins { get; set; } = [];

    public bool AllowsAnyOrigin => AllowedOrigins.Contains("*");

    public IEnumerable<string> Problems(IHostEnvironment environment)
    {
        foreach (var origin in AllowedOrigins)
        {
            if (origin == "*")
            {
                if (environment.IsProduction())
                {
                    yield return "Cors__AllowedOrigins contains '*', which is not allowed in Production: list the origins that may call the API.";
                }
                continue;
            }
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/" || origin.EndsWith('/'))
            {
                yield return $"Cors__AllowedOrigins entry '{origin}' must be an origin such as https://console.example.com (scheme, host, optional port; no path).";
            }
        }
    }
}
