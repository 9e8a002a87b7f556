using System.Text;
using IngestionCluster.Gateway.Hosting;
using IngestionCluster.ServiceDefaults;
using IngestionCluster.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Tests.Telemetry;

/// <summary>
/// A real gateway host (the service defaults and the gateway's services and endpoints, as the Gateway and
/// standalone Silo processes build it) listening on 127.0.0.1 with a free port, plus routes a test adds.
/// </summary>
internal sealed class TelemetryTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TelemetryTestHost(WebApplication app, HttpClient client)
    {
        _app = app;
        Client = client;
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<TelemetryTestHost> StartAsync(
        Action<IEndpointRouteBuilder>? mapRoutes = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        string? serviceName = null)
    {
        // Development: the gateway refuses the built-in JWT secret in Production, and these hosts need no auth settings.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.AddServiceDefaults(serviceName ?? ServiceNames.Gateway);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddGatewayServices();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGatewayEndpoints();
        mapRoutes?.Invoke(app);
        await app.StartAsync();
        var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = TimeSpan.FromSeconds(30) };
        return new TelemetryTestHost(app, client);
    }

    public async Task<Exposition> ScrapeAsync()
    {
        using var response = await Client.GetAsync(TelemetryHostingExtensions.MetricsPath);
        response.EnsureSuccessStatusCode();
        return Exposition.Parse(Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()));
    }

    /// <summary>
    /// Scrapes until <paramref name="condition"/> holds: a request is recorded after its response has
    /// been sent, so the client can see the response before the measurement lands.
    /// </summary>
    public async Task<Exposition> ScrapeUntilAsync(Func<Exposition, bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var exposition = await ScrapeAsync();
            if (condition(exposition) || timeout.IsCancellationRequested)
            {
                return exposition;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
