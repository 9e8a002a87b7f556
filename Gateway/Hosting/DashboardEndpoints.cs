using IngestionCluster.Gateway.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Orleans.Dashboard;

namespace IngestionCluster.Gateway.Hosting;

/// <summary>
/// The Orleans Dashboard (silos, activations per grain type, call rates, reminders, live logs) at
/// <c>/dashboard</c>, for admins only. The host must have registered the dashboard's services: the silo
/// with <c>AddDashboard()</c> on its silo builder (standalone), the gateway on its Orleans client
/// (cluster mode); the silos collect the data in both cases.
/// </summary>
public static class DashboardEndpoints
{
    public const string Path = "/dashboard";

    public static IEndpointRouteBuilder MapAdminDashboard(this IEndpointRouteBuilder app)
    {
        // The policy goes on the whole group: the page, its assets and every data endpoint.
        app.MapOrleansDashboard(Path)
            .RequireAuthorization(ApiPolicies.Admin)
            .ExcludeFromDescription();
        return app;
    }
}
