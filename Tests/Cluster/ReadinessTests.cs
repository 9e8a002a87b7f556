using System.Diagnostics;
using System.Net;
using System.Text.Json;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Processes;

namespace IngestionCluster.Tests.Cluster;

[Collection(HeavyTestsCollection.Name)]
public sealed class ReadinessTests
{
    [Fact]
    public async Task Readiness_follows_redis_postgres_and_s3_going_down_and_coming_back_on_silos_and_gateways()
    {
        await using var stores = await PrivateStores.StartAsync();
        var settings = await stores.ClusterSettingsAsync("ready");
        await using var cluster = await ProcessCluster.StartAsync("ready", silos: 1, gateways: 1, settings);
        var silo = cluster.Silos[0];
        var gateway = cluster.Gateways[0];

        await ExpectReadyAsync(silo, "database", "redis", "blob_store");
        await ExpectReadyAsync(gateway, "redis", "blob_store", "cluster");
        // Liveness answers 200 and reports every dependency; readiness is what the container health check runs.
        // Liveness answers with the last background run of the checks, which follows within its period.
        await Eventually.TrueAsync(async () =>
        {
            var live = await HealthAsync(gateway, "health");
            Assert.Equal(HttpStatusCode.OK, live.Status);
            return live.Body.GetProperty("status").GetString() == "healthy";
        }, TimeSpan.FromSeconds(30), "liveness reports every dependency healthy");
        Assert.Equal(0, await HealthcheckCommandAsync("Gateway", gateway));

        await stores.Redis.StopAsync();
        await ExpectNotReadyAsync(silo, "redis");
        await ExpectNotReadyAsync(gateway, "redis");
        Assert.Equal(HttpStatusCode.OK, (await HealthAsync(gateway, "health")).Status);
        Assert.Equal(1, await HealthcheckCommandAsync("Gateway", gateway));
        await stores.Redis.StartAsync();
        await ExpectReadyAsync(silo, "redis");
        await ExpectReadyAsync(gateway, "redis", "cluster");

        await stores.Postgres.StopAsync();
        await ExpectNotReadyAsync(silo, "database");
        // The gateway has no database of its own: the silo it reaches reports it.
        var gatewayView = await ExpectNotReadyAsync(gateway, "cluster");
        Assert.Contains("database", gatewayView.GetProperty("checks").GetProperty("cluster").GetProperty("description").GetString(), StringComparison.Ordinal);
        await stores.Postgres.StartAsync();
        await ExpectReadyAsync(silo, "database");
        await ExpectReadyAsync(gateway, "cluster");

        await stores.S3.StopAsync();
        await ExpectNotReadyAsync(silo, "blob_store");
        await ExpectNotReadyAsync(gateway, "blob_store");
        await stores.S3.StartAsync();
        await ExpectReadyAsync(silo, "blob_store");
        await ExpectReadyAsync(gateway, "blob_store", "redis", "cluster");
        Assert.Equal(0, await HealthcheckCommandAsync("Gateway", gateway));
    }

    private static async Task ExpectReadyAsync(ProductProcess process, params string[] checks)
    {
        JsonElement body = default;
        await Eventually.TrueAsync(async () =>
        {
            var (status, json) = await HealthAsync(process, "health/ready");
            body = json;
            return status == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(60), $"{process.Name} is ready again");
        foreach (var check in checks)
        {
            Assert.Equal("healthy", body.GetProperty("checks").GetProperty(check).GetProperty("status").GetString());
        }
        Assert.True(body.GetProperty("ready").GetBoolean());
    }

    private static async Task<JsonElement> ExpectNotReadyAsync(ProductProcess process, string failing)
    {
        JsonElement body = default;
        await Eventually.TrueAsync(async () =>
        {
            var (status, json) = await HealthAsync(process, "health/ready");
            body = json;
            return status == HttpStatusCode.ServiceUnavailable
                && json.GetProperty("checks").GetProperty(failing).GetProperty("status").GetString() == "unhealthy";
        }, TimeSpan.FromSeconds(60), $"{process.Name} reports {failing} down");
        // As ThermoSense's /ready said it.
        Assert.False(body.GetProperty("ready").GetBoolean());
        return body;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> HealthAsync(ProductProcess process, string path)
    {
        using var http = new HttpClient { BaseAddress = process.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await http.GetAsync(path);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    /// <summary>The container health check: <c>dotnet X.dll healthcheck</c> next to the running process.</summary>
    private static async Task<int> HealthcheckCommandAsync(string executable, ProductProcess process)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, executable + ".dll"), "healthcheck"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["Http__Port"] = process.HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var command = Process.Start(start)!;
        await command.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return command.ExitCode;
    }
}
