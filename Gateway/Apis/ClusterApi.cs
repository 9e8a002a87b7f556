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
        var statistics = await management.GetSimpleGrainStatistics().ConfigureAwait(false);
        var activations = statistics
            .GroupBy(statistic => statistic.SiloAddress)
            .ToDictionary(group => group.Key, group => group.Sum(statistic => statistic.ActivationCount));
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

    private static string StatusName(SiloStatus status) => JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());

    private static bool ServesDashboard(EndpointDataSource endpoints) =>
        endpoints.Endpoints.OfType<RouteEndpoint>().Any(endpoint =>
            endpoint.RoutePattern.RawText?.TrimStart('/').StartsWith(DashboardEndpoints.Path.TrimStart('/'), StringComparison.Ordinal) == true);
}
