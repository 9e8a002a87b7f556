using System.Collections.Concurrent;
using IngestionCluster.Tests.Processes;

namespace IngestionCluster.Tests.Cluster;

[Collection(HeavyTestsCollection.Name)]
public sealed class ScaleOutTests
{
    [Fact]
    public async Task A_fourth_silo_joins_under_load_takes_new_activations_and_nothing_is_lost_or_duplicated()
    {
        await using var cluster = await ProcessCluster.StartAsync("scale", silos: 3, gateways: 1);
        using var http = ClusterHttp.For(cluster.Gateways[0]);
        var loaded = Enumerable.Range(0, 8).Select(i => $"load-cam-{i}").ToArray();
        foreach (var camera in loaded)
        {
            await ClusterHttp.RegisterAsync(http, camera);
        }
        var sequences = new ConcurrentDictionary<string, ConcurrentBag<long>>();
        using var stop = new CancellationTokenSource();
        var load = Task.WhenAll(loaded.Select(camera => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                sequences.GetOrAdd(camera, _ => []).Add(await ClusterHttp.PushAsync(http, camera));
            }
        })));

        var joined = await cluster.AddSiloAsync();
        var management = cluster.Client.Grains.GetGrain<IManagementGrain>(0);
        await Eventually.TrueAsync(async () => (await management.GetHosts(onlyActive: true)).Count == 4, TimeSpan.FromSeconds(60), "the fourth silo is active");
        // New cameras are placed across the cluster, the newcomer included.
        var newcomers = Enumerable.Range(0, 24).Select(i => $"new-cam-{i}").ToArray();
        var homes = new List<string>();
        foreach (var camera in newcomers)
        {
            await ClusterHttp.RegisterAsync(http, camera);
            sequences.GetOrAdd(camera, _ => []).Add(await ClusterHttp.PushAsync(http, camera));
            homes.Add((await ClusterHttp.CameraAsync(http, camera)).GetProperty("silo").GetString()!);
        }
        await stop.CancelAsync();
        await load;

        Assert.Contains(joined.Name, homes);
        foreach (var (camera, pushed) in sequences)
        {
            Assert.Equal(pushed.Count, pushed.Distinct().Count());
            Assert.Equal(pushed.Count, (await ClusterHttp.CameraAsync(http, camera)).GetProperty("frames_received").GetInt64());
        }
        Assert.All(loaded, camera => Assert.True(sequences[camera].Count > 5, $"{camera} took frames throughout"));
    }
}
