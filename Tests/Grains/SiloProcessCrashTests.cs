using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Sessions;
using IngestionCluster.Grains.Metadata;
using IngestionCluster.Grains.Sessions;
using IngestionCluster.Storage.Database;
using IngestionCluster.Tests.Processes;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Grains;

[Collection(HeavyTestsCollection.Name)]
public sealed class SiloProcessCrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_silo_process_killed_mid_assembly_loses_no_image_and_stores_none_twice()
    {
        var settings = await ClusterSettings.CreateAsync("silo-crash");
        // Far above the time failover takes on a loaded machine: a session waiting out the failover must not go stale (and lose its image) here.
        settings["Ingest__SessionStaleTimeout"] = "00:05:00";
        var silos = await Task.WhenAll(ProductProcess.StartSiloAsync("silo-a", settings), ProductProcess.StartSiloAsync("silo-b", settings));
        await using var client = await TestClusterClient.ConnectAsync(settings, TimeSpan.FromSeconds(10));
        await using var database = IngestDatabase.Create(new DatabaseOptions { ConnectionString = settings["Db__ConnectionString"] }, DatabaseProvider.Postgres, string.Empty);
        var metadata = new MetadataStore(database, TimeProvider.System);
        try
        {
            var samples = SharedJpegs.Samples;
            var pool = new[] { samples.TestCard, samples.White, samples.VgaTestCard, samples.WhiteOddSize };
            const int cameras = 6;
            const int imagesPerCamera = 3;
            var expected = Enumerable.Range(0, cameras).ToDictionary(
                c => $"crash-cam-{c}",
                c => Enumerable.Range(0, imagesPerCamera).Select(i => pool[(c + i) % pool.Length]).ToArray());
            var totalChunks = cameras * imagesPerCamera * 15;
            var sent = 0;

            // Every camera's image advances a chunk at a time, round robin, so at any moment each camera has a
            // session part-way assembled, on whichever silo it lives: the kill always interrupts some of them.
            var load = Task.Run(async () =>
            {
                for (var image = 0; image < imagesPerCamera; image++)
                {
                    var chunks = expected.ToDictionary(c => c.Key, c =>
                        Chunks.Split(c.Value[image], 15, c.Key, c.Key.EndsWith('1') || c.Key.EndsWith('3') || c.Key.EndsWith('5') ? $"shot-{image}" : null));
                    for (var index = 0; index < 15; index++)
                    {
                        foreach (var camera in expected.Keys)
                        {
                            // As the MQTT bridge does: a chunk whose call failed is sent again until a session staged it.
                            await SendUntilStagedAsync(client, chunks[camera][index]);
                            Interlocked.Increment(ref sent);
                        }
                        await Task.Delay(10);
                    }
                }
            });
            await Eventually.TrueAsync(() => Volatile.Read(ref sent) >= totalChunks * 2 / 5, TimeSpan.FromSeconds(60), "the load is under way");
            // Kill the silo that holds the most capture sessions (each camera's sessions live on its silo), and remember them.
            var held = await CaptureSessionsBySiloAsync(client);
            var victim = silos.MaxBy(silo => held.GetValueOrDefault(silo.Name)?.Count ?? 0)!;
            var survivor = silos.Single(silo => silo != victim);
            var killedSessions = held.GetValueOrDefault(victim.Name) ?? [];
            Assert.NotEmpty(killedSessions);
            output.WriteLine($"killing {victim.Name}, which holds {string.Join(", ", killedSessions)}");
            await victim.KillAsync();
            await load;

            foreach (var (camera, images) in expected)
            {
                var stored = await CaptureSessionTests.WaitForImagesAsync(metadata, camera, imagesPerCamera, TimeSpan.FromSeconds(90));
                Assert.Equal(images.Select(CaptureSessionTests.Sha256).Order(), stored.Select(r => r.Sha256).Order());
            }
            foreach (var camera in expected.Keys)
            {
                Assert.Equal(imagesPerCamera, (await CaptureSessionTests.ImagesAsync(metadata, camera)).Count);
                Assert.Empty(await metadata.ListStaleSessionsAsync(camera, CancellationToken.None));
            }
            // The crash path ran: a session that lived on the killed silo was activated again on the survivor from its staged chunks.
            var resumed = survivor.Log().Split('\n').Where(line => line.Contains(" resumed with ", StringComparison.Ordinal)).ToList();
            output.WriteLine($"resumed on {survivor.Name}:\n{string.Join('\n', resumed)}");
            Assert.True(killedSessions.Any(session => resumed.Any(line => line.Contains(
                    $"Capture session {session.SessionId} of camera {session.CameraId} resumed with ", StringComparison.Ordinal))),
                $"sessions on {victim.Name} at the kill: {string.Join(", ", killedSessions)}; resumed on {survivor.Name}:\n{string.Join('\n', resumed)}");
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    /// <summary>The capture sessions active now, by the name of the silo that hosts them.</summary>
    private static async Task<Dictionary<string, List<(string CameraId, string SessionId)>>> CaptureSessionsBySiloAsync(TestClusterClient client)
    {
        var management = client.Grains.GetGrain<IManagementGrain>(0);
        var names = (await management.GetDetailedHosts(onlyActive: true)).ToDictionary(host => host.SiloAddress, host => host.SiloName);
        return (await management.GetDetailedGrainStatistics())
            .Where(grain => grain.GrainId.Type.ToString() == CaptureSessionGrain.GrainTypeName)
            .GroupBy(grain => names[grain.SiloAddress])
            .ToDictionary(silo => silo.Key, silo => silo.Select(grain => GrainKeys.CaptureSessionOf(grain.GrainId.Key.ToString()!)).ToList());
    }

    private static async Task SendUntilStagedAsync(TestClusterClient client, ImageChunk chunk)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var receipt = await client.Grains.GetCamera(chunk.CameraId).ReceiveChunk(chunk);
                Assert.True(receipt.Outcome != ChunkOutcome.Rejected,
                    $"chunk {chunk.Index}/{chunk.Total} of {chunk.CameraId} (image_id {chunk.ImageId ?? "none"}) was rejected: {receipt.Reason}");
                return;
            }
            catch (Exception e) when (e is OrleansException or TimeoutException && attempt < 60)
            {
                await Task.Delay(250);
            }
        }
    }
}
