using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace IngestionCluster.ServiceDefaults.Hosting;

public static class HttpPortConfiguration
{
    public const int DefaultPort = 8080;

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
        var port = builder.Configuration.GetValue("Http:Port", DefaultPort);
        if (port is < 0 or > 65535)
        {
            throw new OptionsValidationException("Http", typeof(int), [$"Http__Port must be between 0 and 65535, got {port}."]);
        }
        builder.WebHost.UseUrls($"http://0.0.0.0:{port}");
        return builder;
    }
}
