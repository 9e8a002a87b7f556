using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
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
    public static WebApplicationBuilder UseConfiguredHttpPort(this WebApplicationBuilder builder)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            return builder;
        }
        var port = HttpPort(builder.Configuration);
        if (port is < 0 or > 65535)
        {
            throw new OptionsValidationException("Http", typeof(int), [$"Http__Port must be between 0 and 65535, got {port}."]);
        }
        builder.WebHost.UseUrls($"http://0.0.0.0:{port}");
        return builder;
    }

    private static int HttpPort(IConfiguration configuration) => configuration.GetValue("Http:Port", DefaultPort);
}
