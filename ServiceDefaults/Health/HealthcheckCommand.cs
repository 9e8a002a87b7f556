using IngestionCluster.ServiceDefaults.Configuration;
using IngestionCluster.ServiceDefaults.Hosting;

namespace IngestionCluster.ServiceDefaults.Health;

/// <summary>
/// <c>healthcheck</c>: asks this machine's running process for <c>/health/ready</c> and exits 0 when it
/// answers 200 — for container health checks, which then need no curl in the image. The port comes from the
/// same settings the process reads (command line, environment, appsettings.json), so the check follows
/// <c>Http__Port</c>, <c>ASPNETCORE_URLS</c> or <c>--urls</c> wherever they were set.
/// </summary>
public static class HealthcheckCommand
{
    public const string Name = "healthcheck";
    private const int HttpDefaultPort = 80;

    public static async Task<int> RunAsync(string[] args, TextWriter error)
    {
        int port;
        try
        {
            var configuration = SeedConfigurationExtensions.CreateBuilderWithSeedSettings(args).Configuration;
            // A URL without a port (http://+) listens on HTTP's own.
            port = HttpPortConfiguration.ConfiguredPort(configuration) ?? HttpDefaultPort;
        }
        catch (Exception e) when (SeedConfigurationExtensions.IsUnreadableSettings(e))
        {
            await error.WriteLineAsync($"not ready: the settings cannot be read: {e.Message}");
            return 1;
        }
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health/ready"));
            if (response.IsSuccessStatusCode)
            {
                return 0;
            }
            await error.WriteLineAsync($"not ready: /health/ready on port {port} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await error.WriteLineAsync($"not ready: port {port}: {e.Message}");
            return 1;
        }
    }
}
