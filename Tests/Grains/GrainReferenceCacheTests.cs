using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionCluster.Tests.Grains;

public sealed class GrainReferenceCacheTests
{
    [Fact]
    public async Task A_factory_hands_out_one_reference_per_key_and_it_reaches_its_own_grain()
    {
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var grains = product.Grains;

        Assert.Same(grains.GetCamera("gate"), grains.GetCamera("gate"));
        Assert.NotSame(grains.GetCamera("1"), grains.GetCamera("01"));
        Assert.Equal(GrainKeys.Camera("01"), grains.GetCamera("01").GetPrimaryKeyString());
        // The catalog and the dead letters share a key, not a reference.
        Assert.Equal(grains.GetCatalog().GetPrimaryKeyString(), grains.GetDeadLetters().GetPrimaryKeyString());
        Assert.IsAssignableFrom<IGrainWithStringKey>(grains.GetDeadLetters());

        await grains.GetCamera("gate").Register(new CameraRegistration(CameraSourceType.HttpPush));
        Assert.Equal("gate", (await grains.GetCamera("gate").GetInfo())?.Id);
        Assert.Null(await grains.GetCamera("01").GetInfo());
    }

    [Fact]
    public async Task A_silo_and_a_client_keep_their_own_references_and_both_reach_the_same_grain()
    {
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var client = product.Grains;
        var silo = product.Cluster.Silos[0].SiloHost.Services.GetRequiredService<IGrainFactory>();
        Assert.NotSame(client, silo);

        var fromClient = client.GetCamera("porch");
        var fromSilo = silo.GetCamera("porch");
        Assert.NotSame(fromClient, fromSilo);
        Assert.Equal(fromClient.GetGrainId(), fromSilo.GetGrainId());

        await fromClient.Register(new CameraRegistration(CameraSourceType.HttpPush));
        Assert.Equal("porch", (await fromSilo.GetInfo())?.Id);
    }

    [Fact]
    public async Task Past_its_capacity_a_factory_starts_over_and_every_reference_still_names_its_key()
    {
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var grains = product.Grains;
        var first = grains.GetCaptureSession("cam", "img-0");

        var count = GrainReferenceCache<ICaptureSessionGrain>.Capacity + 100;
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(GrainKeys.CaptureSession("cam", $"img-{i}"), grains.GetCaptureSession("cam", $"img-{i}").GetPrimaryKeyString());
        }

        var again = grains.GetCaptureSession("cam", "img-0");
        Assert.NotSame(first, again);
        Assert.Equal(first.GetGrainId(), again.GetGrainId());
        Assert.Same(again, grains.GetCaptureSession("cam", "img-0"));
    }
}
