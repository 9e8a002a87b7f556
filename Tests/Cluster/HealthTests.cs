using System.Net;
using System.Text.Json;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Processes;

namespace IngestionCluster.Tests.Cluster;

/// <summary>
/// What an operator and the container runtime read: the <c>/health</c> report of a silo and a gateway, and the
/// <c>healthcheck</c> subcommand of both images' HEALTHCHECK, against real processes and stores.
/// </summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class HealthTests
{
    [Fact]
    public async Task The_health_report_names_every_dependency_and_which_one_is_down_while_liveness_stays_200()
    {
        await using var stores = await PrivateStores.StartAsync();
        var settings = await stores.ClusterSettingsAsync("health");
        await using var cluster = await ProcessCluster.StartAsync("health", silos: 1, gateways: 1, settings);
        var silo = cluster.Silos[0];
        var gateway = cluster.Gateways[0];
        string[] siloChecks = ["database", "redis", "blob_store"];
        string[] gatewayChecks = ["redis", "blob_store", "cluster"];

        foreach (var (process, checks) in new[] { (silo, siloChecks), (gateway, gatewayChecks) })
        {
            var report = await WaitForReportAsync(process, r => r.GetProperty("status").GetString() == "healthy", "every dependency healthy");
            Assert.True(report.GetProperty("duration_ms").GetDouble() >= 0);
            foreach (var name in checks)
            {
                var check = report.GetProperty("checks").GetProperty(name);
                Assert.Equal("healthy", check.GetProperty("status").GetString());
                Assert.False(string.IsNullOrWhiteSpace(check.GetProperty("description").GetString()), $"{process.Name}: {name} says what it checked");
                Assert.True(check.GetProperty("duration_ms").GetDouble() >= 0);
            }
        }

        await stores.Redis.StopAsync();
        foreach (var (process, checks) in new[] { (silo, siloChecks), (gateway, gatewayChecks) })
        {
            var report = await WaitForReportAsync(process, r => Status(r, "redis") == "unhealthy", "Redis reported down");
            Assert.Equal("unhealthy", report.GetProperty("status").GetString());
            var redisCheck = report.GetProperty("checks").GetProperty("redis");
            var why = (redisCheck.TryGetProperty("description", out var d) ? d.GetString() : null) + (redisCheck.TryGetProperty("error", out var e) ? e.GetString() : null);
            Assert.False(string.IsNullOrWhiteSpace(why), $"{process.Name}: the Redis check says why it failed");
            // The stores that are up are still reported as such.
            Assert.Equal("healthy", Status(report, "blob_store"));
            Assert.All(checks, name => Assert.NotNull(Status(report, name)));
        }
        await stores.Redis.StartAsync();
        await WaitForReportAsync(silo, r => r.GetProperty("status").GetString() == "healthy", "healthy again once Redis is back");
    }

    [Fact]
    public async Task Liveness_answers_at_once_with_the_last_background_report_while_a_store_hangs()
    {
        await using var stores = await PrivateStores.StartAsync();
        var settings = await stores.ClusterSettingsAsync("hang");
        await using var cluster = await ProcessCluster.StartAsync("hang", silos: 1, gateways: 0, settings);
        var silo = cluster.Silos[0];
        var healthy = await WaitForReportAsync(silo, r => r.GetProperty("status").GetString() == "healthy", "every dependency healthy");
        Assert.True(DateTimeOffset.TryParse(healthy.GetProperty("checked_at").GetString(), out var checkedAt), "the report says when it was taken");
        Assert.True(DateTimeOffset.UtcNow - checkedAt < TimeSpan.FromSeconds(30), $"a recent report, taken {checkedAt:O}");

        // A stopped process keeps its connections open and answers nothing, like a store behind a firewall
        // that drops packets: the Redis check waits out its limit (5 s and more). A liveness probe (Kubernetes gives it 1 s)
        // must not wait with it, or the orchestrator restarts a healthy process for a store's outage.
        stores.Redis.Suspend();
        try
        {
            var report = await WaitForReportAsync(silo, r => Status(r, "redis") == "unhealthy", "Redis reported down",
                requestTimeout: TimeSpan.FromSeconds(4));
            Assert.Equal("healthy", Status(report, "database"));
        }
        finally
        {
            stores.Redis.Resume();
        }
        await WaitForReportAsync(silo, r => r.GetProperty("status").GetString() == "healthy", "healthy again once Redis answers");
    }

    [Fact]
    public async Task The_healthcheck_command_exits_0_when_ready_and_1_while_a_store_is_down_or_the_process_hangs_or_is_gone()
    {
        await using var stores = await PrivateStores.StartAsync();
        var settings = await stores.ClusterSettingsAsync("hcheck");
        await using var cluster = await ProcessCluster.StartAsync("hcheck", silos: 1, gateways: 1, settings);
        var silo = cluster.Silos[0];
        var gateway = cluster.Gateways[0];
        await HealthcheckRun.WaitForExitCodeAsync("Silo", silo, 0, "every store is up");
        await HealthcheckRun.WaitForExitCodeAsync("Gateway", gateway, 0, "every store is up");

        await stores.Postgres.StopAsync();
        Assert.Contains("database", await HealthcheckRun.WaitForExitCodeAsync("Silo", silo, 1, "PostgreSQL is down"), StringComparison.Ordinal);
        Assert.Contains("database", await HealthcheckRun.WaitForExitCodeAsync("Gateway", gateway, 1, "its silo cannot reach PostgreSQL"), StringComparison.Ordinal);
        await stores.Postgres.StartAsync();
        await HealthcheckRun.WaitForExitCodeAsync("Silo", silo, 0, "PostgreSQL is back");

        // A process that hangs (SIGSTOP) accepts the connection in the kernel but never answers: the command gives up and fails.
        gateway.Suspend();
        try
        {
            var (hung, why) = await HealthcheckRun.RunAsync("Gateway", gateway);
            Assert.Equal(1, hung);
            Assert.Contains("not ready", why, StringComparison.Ordinal);
        }
        finally
        {
            gateway.Resume();
        }
        await HealthcheckRun.WaitForExitCodeAsync("Gateway", gateway, 0, "the gateway answers again");

        await gateway.StopAsync();
        await silo.StopAsync();
        foreach (var (executable, process) in new[] { ("Gateway", gateway), ("Silo", silo) })
        {
            var (exitCode, error) = await HealthcheckRun.RunAsync(executable, process);
            Assert.Equal(1, exitCode);
            Assert.Contains("not ready", error, StringComparison.Ordinal);
        }
    }

    private static string? Status(JsonElement report, string check) =>
        report.GetProperty("checks").TryGetProperty(check, out var entry) ? entry.GetProperty("status").GetString() : null;

    private static async Task<JsonElement> WaitForReportAsync(ProductProcess process, Func<JsonElement, bool> match, string what,
        TimeSpan? requestTimeout = null)
    {
        using var http = new HttpClient { BaseAddress = process.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        JsonElement report = default;
        await Eventually.TrueAsync(async () =>
        {
            var started = DateTime.UtcNow;
            using var response = await http.GetAsync("health");
            var took = DateTime.UtcNow - started;
            Assert.True(requestTimeout is not { } limit || took < limit, $"{process.Name} /health took {took.TotalSeconds:F1} s");
            // Liveness: 200 whatever the dependencies say, so an orchestrator does not restart a process for a store's outage.
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
            report = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            return match(report);
        }, TimeSpan.FromSeconds(60), $"{process.Name} /health: {what}");
        return report;
    }
}
