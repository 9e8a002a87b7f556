using System.Text.Json;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Gateway.Contracts;
using IngestionCluster.Gateway.Hosting;
using IngestionCluster.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Orleans;
using Orleans.Runtime;

namespace IngestionCluster.Gateway.Apis;

/// <summary>Silos, activations and gateways, from Orleans' management grain: <c>/api/cluster</c>.</summary>
public static class ClusterApi
{
    private static readonly TimeSpan StatisticsWait = TimeSpan.FromSeconds(2);

    public static IEndpointRouteBuilder MapClusterApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiGroup("/api/cluster", "Cluster");
        api.MapGet("/", GetAsync).RequireAuthorization(ApiPolicies.Read)
            .WithSummary("The silos (membership status, activation counts), the gateways, and the dashboard's path when it is served.");
        return app;
    }

    private static async Task<Ok<ClusterResponse>> GetAsync(
        HttpRequest request, [AsParameters] GatewayServices services, [FromServices] IConfiguration configuration, [FromServices] EndpointDataSource endpoints)
    {
        var management = services.Grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetDetailedHosts(onlyActive: false).ConfigureAwait(false);
        var active = hosts.Where(host => host.Status == SiloStatus.Active).Select(host => host.SiloAddress).ToArray();
        // Each silo on its own: one that was killed or hangs, and is not yet declared dead, shows no count instead of
        // failing the whole view, in the very incidents it is opened for.
        var counts = await Task.WhenAll(active.Select(silo => ActivationsOnAsync(management, silo, services.Clock))).ConfigureAwait(false);
        var activations = active.Zip(counts)
            .Where(pair => pair.Second is not null)
            .ToDictionary(pair => pair.First, pair => pair.Second!.Value);
        var silos = hosts
            .OrderBy(host => host.Status == SiloStatus.Active ? 0 : host.Status == SiloStatus.Dead ? 2 : 1)
            .ThenBy(host => host.SiloName, StringComparer.Ordinal)
            .Select(host => new SiloSummary(
                host.SiloName,
                $"{host.SiloAddress.Endpoint}@{host.SiloAddress.Generation}",
                host.HostName,
                StatusName(host.Status),
                activations.TryGetValue(host.SiloAddress, out var count) ? count : null,
                new DateTimeOffset(host.StartTime, TimeSpan.Zero),
                new DateTimeOffset(host.IAmAliveTime, TimeSpan.Zero),
                host.ProxyPort > 0 ? $"{host.SiloAddress.Endpoint.Address}:{host.ProxyPort}" : null))
            .ToList();

        var mode = ClusterSettings.Read(configuration).Mode;
        var servedBy = $"{Environment.MachineName}-{Environment.ProcessId}";
        List<GatewaySummary> gateways = [new("http", servedBy, $"{request.Scheme}://{request.Host}", "serving")];
        if (mode == ClusterMode.Cluster)
        {
            gateways.AddRange(silos.Where(silo => silo.GatewayEndpoint is not null)
                .Select(silo => new GatewaySummary("orleans", silo.Name, silo.GatewayEndpoint!, silo.Status)));
        }
        return TypedResults.Ok(new ClusterResponse(
            mode == ClusterMode.Cluster ? "cluster" : "standalone",
            servedBy,
            silos,
            gateways,
            activations.Values.Sum(),
            ServesDashboard(endpoints) ? DashboardEndpoints.Path : null));
    }

    /// <summary>The silo's activation count, or null when it does not answer within <see cref="StatisticsWait"/>.</summary>
    private static async Task<int?> ActivationsOnAsync(IManagementGrain management, SiloAddress silo, TimeProvider clock)
    {
        try
        {
            var statistics = await management.GetSimpleGrainStatistics([silo]).WaitAsync(StatisticsWait, clock).ConfigureAwait(false);
            return statistics.Sum(statistic => statistic.ActivationCount);
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            return null;
        }
    }

    private static string StatusName(SiloStatus status) => JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());

    private static bool ServesDashboard(EndpointDataSource endpoints) =>
        endpoints.Endpoints.OfType<RouteEndpoint>().Any(endpoint =>
            endpoint.RoutePattern.RawText?.TrimStart('/').StartsWith(DashboardEndpoints.Path.TrimStart('/'), StringComparison.Ordinal) == true);
}
