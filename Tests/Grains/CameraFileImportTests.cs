using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Cameras;
using Orleans.Core.Internal;

namespace IngestionCluster.Tests.Grains;

/// <summary>A camera file imported at every start: new and changed entries register their cameras, the rest is left as the API left it.</summary>
public sealed class CameraFileImportTests
{
    private static readonly CameraFileEntry Door = new("door", CameraSourceType.HttpPush);
    private static readonly CameraFileEntry Feed = new("feed", CameraSourceType.Mqtt);

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task An_entry_is_registered_once_and_what_the_api_changed_since_stands_until_the_entry_changes(StorageKind storage)
    {
        await using var product = await ProductCluster.StartAsync(storage);
        var import = product.Grains.GetCameraFileImport();

        var first = await import.Import([Door, Feed]);
        Assert.Equal(["door", "feed"], first.Registered);
        Assert.Empty(first.Unchanged);
        Assert.Equal(CameraSourceType.Mqtt, (await product.Grains.GetCamera("feed").GetInfo())!.SourceType);

        // The API changes one camera's settings and deletes the other; the next start imports the same file (the ledger read from storage).
        await product.Grains.GetCamera("door").Update(new CameraSettingsPatch(Fps: 5));
        await product.Grains.GetCamera("feed").Unregister();
        await import.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var again = await product.Grains.GetCameraFileImport().Import([Door, Feed]);

        Assert.Empty(again.Registered);
        Assert.Equal(["door", "feed"], again.Unchanged);
        Assert.Equal(5, (await product.Grains.GetCamera("door").GetInfo())!.Fps);
        Assert.Null(await product.Grains.GetCamera("feed").GetInfo());

        // The file's entry changes: its camera is registered with it again, replacing what the API had set.
        var changedDoor = Door with { BufferSize = 10 };
        var changed = await product.Grains.GetCameraFileImport().Import([changedDoor, Feed]);

        Assert.Equal(["door"], changed.Registered);
        var door = (await product.Grains.GetCamera("door").GetInfo())!;
        Assert.Equal((1.0, 10), (door.Fps, door.BufferSize));
        Assert.Null(await product.Grains.GetCamera("feed").GetInfo());
    }

    [Fact]
    public void An_entrys_fingerprint_is_fixed_by_what_the_file_says_alone()
    {
        // Pinned: a change to it registers every imported camera again, undoing what the API changed since.
        Assert.Equal("2BB04AA3D9BEBB448321C42CC2375ABB848435857DE1A632A805085C67F4619F", CameraFileImportGrain.Fingerprint(Door));
        Assert.Equal("E8B0B8E4B7222C090613A0283652DDE10B10418CBE99C09990864408CB6C23E5",
            CameraFileImportGrain.Fingerprint(new CameraFileEntry("gate", CameraSourceType.Rtsp, "rtsp://u:p@cam/x", 2.5, 60)));
        // A default spelled out is another entry than one left to the product.
        Assert.NotEqual(CameraFileImportGrain.Fingerprint(Door), CameraFileImportGrain.Fingerprint(Door with { Fps = CameraRegistration.DefaultFps }));
    }

    [Fact]
    public async Task An_entry_that_left_the_file_is_forgotten_and_registers_again_when_it_comes_back()
    {
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var import = product.Grains.GetCameraFileImport();
        await import.Import([Door, Feed]);

        var withoutFeed = await import.Import([Door]);
        Assert.Equal(["door"], withoutFeed.Unchanged);
        Assert.NotNull(await product.Grains.GetCamera("feed").GetInfo());

        await product.Grains.GetCamera("feed").Unregister();
        var feedBack = await import.Import([Door, Feed]);
        Assert.Equal(["feed"], feedBack.Registered);
        Assert.NotNull(await product.Grains.GetCamera("feed").GetInfo());
    }

    [Fact]
    public async Task A_camera_its_grain_refuses_is_reported_and_the_others_are_registered()
    {
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        // Below the capture loop's lowest rate: the camera grain refuses it (the file's reader does too, before it gets here).
        var tooSlow = new CameraFileEntry("slow", CameraSourceType.Mjpeg, "http://127.0.0.1:9/video.mjpg", Fps: 0.0001);

        var result = await product.Grains.GetCameraFileImport().Import([Door, tooSlow]);

        Assert.Equal(["door"], result.Registered);
        var refusal = Assert.Single(result.Refused);
        Assert.Equal(("slow", "fps must be at least 0.001 for an MJPEG camera"), (refusal.CameraId, refusal.Reason));
        Assert.Null(await product.Grains.GetCamera("slow").GetInfo());
        // Not recorded as imported: fixed in the file or not, it is tried again at the next start.
        Assert.Single((await product.Grains.GetCameraFileImport().Import([Door, tooSlow])).Refused);
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task A_camera_that_cannot_be_registered_yet_is_reported_failed_and_registered_by_the_next_import(StorageKind storage)
    {
        await using var product = await ProductCluster.StartAsync(storage);
        var import = product.Grains.GetCameraFileImport();
        await import.Import([Door]);

        // The cameras list's table is out of reach: a new camera's registration fails part-way.
        await product.Database.ExecuteAsync("ALTER TABLE cameras RENAME TO cameras_away", null, CancellationToken.None);
        var outage = await import.Import([Door, Feed]);
        await product.Database.ExecuteAsync("ALTER TABLE cameras_away RENAME TO cameras", null, CancellationToken.None);

        Assert.Equal(["door"], outage.Unchanged);
        Assert.Empty(outage.Registered);
        Assert.Equal("feed", Assert.Single(outage.Failed).CameraId);
        var after = await import.Import([Door, Feed]);
        Assert.Equal(["feed"], after.Registered);
        Assert.Equal(["door"], after.Unchanged);
        Assert.Empty(after.Failed);
        Assert.Contains("feed", (await product.Metadata.ListCameraIdsAsync(0, 100, CancellationToken.None)).Items);
    }

    [Fact]
    public async Task Concurrent_imports_in_a_two_silo_cluster_register_each_camera_once()
    {
        await using var product = await ProductCluster.StartAsync(StorageKind.Cluster, silos: 2);
        var entries = Enumerable.Range(0, 40).Select(i => new CameraFileEntry($"cam_{i:D3}", CameraSourceType.HttpPush)).ToList();

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => product.Grains.GetCameraFileImport().Import(entries)));

        Assert.Equal(40, results.Sum(r => r.Registered.Count));
        Assert.Equal(80, results.Sum(r => r.Unchanged.Count));
        Assert.All(await Task.WhenAll(entries.Select(e => product.Grains.GetCamera(e.CameraId).GetInfo())), Assert.NotNull);
    }
}
