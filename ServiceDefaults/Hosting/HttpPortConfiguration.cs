using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace IngestionCluster.ServiceDefaults.Hosting;

public static class HttpPortConfiguration
{
    public const int DefaultPort = 8080;

    /// <summary>
    /// The port the process serves HTTP on: that of the first of <c>--urls</c> / <c>ASPNETCORE_URLS</c> when set
    /// (null when it names none), else <c>Http__Port</c> (default 8080).
    /// </summary>
    public static int? ConfiguredPort(IConfiguration configuration)
    {
        if (configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } urls)
        {
            var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? string.Empty;
            // Kestrel's wildcard hosts (+, *) are not valid URI hosts: only the part after the last ':' matters here.
            var colon = first.LastIndexOf(':');
            return colon >= 0 && int.TryParse(first.AsSpan(colon + 1).TrimEnd('/'), out var port) ? port : null;
        }
        return HttpPort(configuration);
    }

    /// <summary>
    /// Listens on <c>Http__Port</c> (default 8080) on all interfaces, unless <c>--urls</c> or
    /// <c>ASPNETCORE_URLS</c> already say where to listen.
    /// </summary>
    /// <exception cref="OptionsValidationException">A port out of range, or URLs that Kestrel would refuse.</exception>
    public static WebApplicationBuilder UseConfiguredHttpPort(this WebApplicationBuilder builder)
    {
        if (builder.Configuration[WebHostDefaults.ServerUrlsKey] is { } urls && !string.IsNullOrWhiteSpace(urls))
        {
            // Kestrel reads them only once the host starts, and ends the process with a stack trace for one it cannot use.
            var refused = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(url => !IsKestrelUrl(url)).ToList();
            return refused.Count == 0
                ? builder
                : throw new OptionsValidationException("Urls", typeof(string), [$"ASPNETCORE_URLS (or --urls) must be http:// or https:// URLs without a path, separated by ';', such as http://0.0.0.0:8080; got '{string.Join(';', refused)}'."]);
        }
        var port = HttpPort(builder.Configuration);
        if (port is < 0 or > 65535)
        {
            throw new OptionsValidationException("Http", typeof(int), [$"Http__Port must be between 0 and 65535, got {port}."]);
        }
        builder.WebHost.UseUrls($"http://0.0.0.0:{port}");
        return builder;
    }

    private static bool IsKestrelUrl(string url)
    {
        try
        {
            var address = BindingAddress.Parse(url);
            return (address.Scheme.Equals("http", StringComparison.OrdinalIgnoreCase) || address.Scheme.Equals("https", StringComparison.OrdinalIgnoreCase))
                && string.IsNullOrEmpty(address.PathBase) && address.Port is >= 0 and <= 65535;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static int HttpPort(IConfiguration configuration) => configuration.GetValue("Http:Port", DefaultPort);
}
