using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Hosting;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace IngestionCluster.Tests.Storage.Orleans;

/// <summary>Orleans' ADO.NET grain storage on the project's own schema, on SQLite (standalone) and PostgreSQL (cluster).</summary>
public sealed class OrleansGrainStorageTests
{
    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task State_survives_a_restart_and_ids_1_and_01_and_two_grain_types_with_one_key_never_share_a_row(StorageKind storage)
    {
        using var data = new TempDirectory("orleans-state");
        var settings = await SharedStoreAsync(storage, data);

        await using (var first = await ProductCluster.StartAsync(storage, settings: settings))
        {
            await first.Grains.GetCamera("1").Register(new CameraRegistration(CameraSourceType.HttpPush, Fps: 1));
            await first.Grains.GetCamera("01").Register(new CameraRegistration(CameraSourceType.HttpPush, Fps: 5));
            await first.Grains.GetGrain<IStateProbeGrain>("shared-key").Set("probe");
            await first.Grains.GetGrain<IOtherStateProbeGrain>("shared-key").Set("other");
        }

        // A new cluster on the same database: every grain reads its own row back.
        await using var second = await ProductCluster.StartAsync(storage, settings: settings);
        Assert.Equal(1, (await second.Grains.GetCamera("1").GetInfo())!.Fps);
        Assert.Equal(5, (await second.Grains.GetCamera("01").GetInfo())!.Fps);
        Assert.Equal("probe", await second.Grains.GetGrain<IStateProbeGrain>("shared-key").Get());
        Assert.Equal("other", await second.Grains.GetGrain<IOtherStateProbeGrain>("shared-key").Get());
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task A_write_with_a_stale_etag_is_refused_and_the_stored_state_is_kept(StorageKind storage)
    {
        await using var product = await ProductCluster.StartAsync(storage);
        var probe = product.Grains.GetGrain<IStateProbeGrain>("stale-writer");
        await probe.Set("v1");
        var grainId = probe.GetGrainId();
        var store = product.Cluster.Silos[0].SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(GrainStorage.Name);

        // Two readers of the same version, as two activations would be during a failover.
        var winner = new GrainState<ProbeState>();
        var loser = new GrainState<ProbeState>();
        await store.ReadStateAsync("state-probe", grainId, winner);
        await store.ReadStateAsync("state-probe", grainId, loser);
        Assert.Equal(winner.ETag, loser.ETag);

        winner.State!.Value = "v2";
        await store.WriteStateAsync("state-probe", grainId, winner);
        loser.State!.Value = "stale";
        await Assert.ThrowsAsync<InconsistentStateException>(() => store.WriteStateAsync("state-probe", grainId, loser));
        // A first write of a grain that already has a row is stale too.
        await Assert.ThrowsAsync<InconsistentStateException>(() => store.WriteStateAsync("state-probe", grainId, new GrainState<ProbeState>(new ProbeState { Value = "new" })));

        var stored = new GrainState<ProbeState>();
        await store.ReadStateAsync("state-probe", grainId, stored);
        Assert.Equal("v2", stored.State!.Value);
        Assert.NotEqual(loser.ETag, stored.ETag);
    }

    /// <summary>Settings that point two clusters at one database: a data folder (SQLite) or a PostgreSQL database.</summary>
    private static async Task<Dictionary<string, string?>> SharedStoreAsync(StorageKind storage, TempDirectory data) =>
        storage == StorageKind.Standalone
            ? new() { ["Data:Dir"] = data.Path, ["Storage:LocalRoot"] = data.Combine("blobs") }
            : new() { ["Db:ConnectionString"] = await (await TestServers.Postgres).CreateDatabaseAsync("orleans_state") };
}
