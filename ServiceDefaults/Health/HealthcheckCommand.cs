using System.Globalization;
using IngestionCluster.ServiceDefaults.Hosting;

namespace IngestionCluster.ServiceDefaults.Health;

/// <summary>
/// <c>healthcheck</c>: asks this machine's running process for <c>/health/ready</c> and exits 0 when it
/// answers 200 — for container health checks, which then need no curl in the image.
/// </summary>
public static class HealthcheckCommand
{
    public const string Name = "healthcheck";

    public static async Task<int> RunAsync(TextWriter error)
    {
        var port = int.TryParse(Environment.GetEnvironmentVariable("Http__Port"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var configured)
            ? configured
            : HttpPortConfiguration.DefaultPort;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health/ready"));
            if (response.IsSuccessStatusCode)
            {
                return 0;
            }
            await error.WriteLineAsync($"not ready: /health/ready answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await error.WriteLineAsync($"not ready: {e.Message}");
            return 1;
        }
    }
}
