using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Tests.Gateway.Support;

/// <summary>The real Silo program (standalone mode) with test settings, on Kestrel at a free port.</summary>
internal sealed class SiloApplicationFactory(
    IReadOnlyDictionary<string, string?> settings,
    string environment,
    Action<IServiceCollection>? configureServices,
    ILoggerProvider? logs) : WebApplicationFactory<IngestionCluster.Silo.Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(settings));
        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            if (logs is not null)
            {
                logging.SetMinimumLevel(LogLevel.Information);
                logging.AddProvider(logs);
            }
        });
        builder.ConfigureTestServices(services => configureServices?.Invoke(services));
    }
}
