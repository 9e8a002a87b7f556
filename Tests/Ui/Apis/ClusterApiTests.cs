using System.Net;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;

namespace IngestionCluster.Tests.Ui.Apis;

/// <summary><c>GET /api/cluster</c>: silos and activations from Orleans' management grain, and the gateways.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ClusterApiTests(GatewayHosts hosts)
{
    [Theory]
    [InlineData(StorageKind.Standalone, "standalone")]
    [InlineData(StorageKind.Cluster, "cluster")]
    public async Task The_cluster_view_lists_active_silos_with_activations_and_the_gateways(StorageKind storage, string mode)
    {
        var host = await hosts.Get(storage);
        // At least one camera activation exists once this camera answered.
        await Support.UiApi.RegisterAsync(host, Support.UiApi.NewCameraId("cluster"));

        var cluster = await ApiAssert.StatusAsync(await host.As(ApiRoles.Viewer).GetAsync("/api/cluster"), HttpStatusCode.OK);
        Assert.Equal(mode, cluster.GetProperty("mode").GetString());
        Assert.Equal("/dashboard", cluster.GetProperty("dashboard").GetString());
        var silos = cluster.GetProperty("silos").EnumerateArray().ToList();
        var active = silos.Where(silo => silo.GetProperty("status").GetString() == "active").ToList();
        Assert.NotEmpty(active);
        Assert.All(active, silo => Assert.True(silo.GetProperty("activations").GetInt32() > 0, "an active silo hosts activations"));
        Assert.Equal(cluster.GetProperty("total_activations").GetInt32(), silos.Sum(silo => silo.GetProperty("activations").ValueKind == System.Text.Json.JsonValueKind.Number ? silo.GetProperty("activations").GetInt32() : 0));

        var gateways = cluster.GetProperty("gateways").EnumerateArray().ToList();
        var http = Assert.Single(gateways, gateway => gateway.GetProperty("kind").GetString() == "http");
        Assert.Equal(host.BaseAddress.ToString().TrimEnd('/'), http.GetProperty("address").GetString());
        Assert.Equal(cluster.GetProperty("served_by").GetString(), http.GetProperty("name").GetString());
        if (storage == StorageKind.Cluster)
        {
            Assert.Contains(active, silo => silo.GetProperty("name").GetString() == "api-silo");
            var orleans = Assert.Single(gateways, gateway => gateway.GetProperty("kind").GetString() == "orleans" && gateway.GetProperty("name").GetString() == "api-silo");
            Assert.StartsWith("127.0.0.1:", orleans.GetProperty("address").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_cluster_view_is_for_reading_roles()
    {
        var host = await hosts.Standalone;
        await ApiAssert.ProblemAsync(await host.Anonymous().GetAsync("/api/cluster"), HttpStatusCode.Unauthorized);
        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Camera, "cam-1").GetAsync("/api/cluster"), HttpStatusCode.Forbidden);
        await ApiAssert.StatusAsync(await host.As(ApiRoles.Ingest).GetAsync("/api/cluster"), HttpStatusCode.OK);
    }
}
