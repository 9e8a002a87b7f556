using System.Net;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Runtime;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionCluster.Tests.Gateway.Apis;

/// <summary>A grain interface no silo hosts: one-way calls to it can never run and go to the dead-letter queue.</summary>
public interface IUnhostedProbeGrain : IGrainWithStringKey
{
    [OneWay]
    Task Poke(int number);
}

[Collection(GatewayCollection.Name)]
public sealed class AdminApiTests(GatewayHosts hosts)
{
    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task A_call_no_silo_can_run_is_listed_as_a_dead_letter_for_admins_and_stays_in_the_queue(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var key = $"probe-{Guid.NewGuid():N}";
        await GrainsOf(host).GetGrain<IUnhostedProbeGrain>(key).Poke(7);
        var admin = host.As(ApiRoles.Admin);

        System.Text.Json.JsonElement letter = default;
        await Eventually.TrueAsync(async () =>
        {
            var list = await ApiAssert.StatusAsync(await admin.GetAsync("/api/admin/dead-letters?limit=1000"), HttpStatusCode.OK);
            var found = list.GetProperty("dead_letters").EnumerateArray().Where(d => d.GetProperty("grain_key").GetString() == key).ToList();
            if (found.Count == 1)
            {
                letter = found[0];
            }
            return found.Count == 1;
        }, TimeSpan.FromSeconds(30), "the unrunnable call is listed");

        Assert.Equal("Poke", letter.GetProperty("method").GetString());
        Assert.Contains("UnhostedProbeGrain", letter.GetProperty("grain_type").GetString(), StringComparison.Ordinal);
        if (storage == StorageKind.Cluster)
        {
            Assert.True(letter.GetProperty("payload_bytes").GetInt32() > 0, "RabbitMQ keeps the serialized call");
        }
        // Listing does not consume: the letter is still there.
        var again = await ApiAssert.StatusAsync(await admin.GetAsync("/api/admin/dead-letters?limit=1000"), HttpStatusCode.OK);
        Assert.Contains(again.GetProperty("dead_letters").EnumerateArray(), d => d.GetProperty("grain_key").GetString() == key);
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Dead_letters_are_for_admins_only_and_the_limit_is_checked(StorageKind storage)
    {
        var host = await hosts.Get(storage);

        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous().GetAsync("/api/admin/dead-letters")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.As(ApiRoles.Viewer).GetAsync("/api/admin/dead-letters")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.As(ApiRoles.Ingest).GetAsync("/api/admin/dead-letters")).StatusCode);
        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Admin).GetAsync("/api/admin/dead-letters?limit=0"), HttpStatusCode.BadRequest);
        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Admin).GetAsync("/api/admin/dead-letters?limit=5000"), HttpStatusCode.BadRequest);
        var page = await ApiAssert.StatusAsync(await host.As(ApiRoles.Admin).GetAsync("/api/admin/dead-letters?limit=1"), HttpStatusCode.OK);
        Assert.Equal(1, page.GetProperty("limit").GetInt32());
        Assert.InRange(page.GetProperty("count").GetInt32(), 0, 1);
    }

    private static IGrainFactory GrainsOf(GatewayHost host) => host switch
    {
        StandaloneGateway standalone => standalone.Services.GetRequiredService<IGrainFactory>(),
        ClusterGateway cluster => cluster.Product.Cluster.Client,
        _ => throw new InvalidOperationException(host.GetType().Name),
    };
}
