using System.Collections.Concurrent;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Tests.Processes;

namespace IngestionCluster.Tests.Cluster;

[Collection(HeavyTestsCollection.Name)]
public sealed class SingleActivationTests
{
    [Fact]
    public async Task Concurrent_pushes_to_one_camera_through_two_gateways_get_unique_sequences_from_exactly_one_activation()
    {
        await using var cluster = await ProcessCluster.StartAsync("single", silos: 3, gateways: 2);
        using var gateway1 = ClusterHttp.For(cluster.Gateways[0]);
        using var gateway2 = ClusterHttp.For(cluster.Gateways[1]);
        await ClusterHttp.RegisterAsync(gateway1, "hot-cam");

        const int workers = 8;
        const int pushesPerWorker = 25;
        var sequences = new ConcurrentBag<long>();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            var http = worker % 2 == 0 ? gateway1 : gateway2;
            for (var i = 0; i < pushesPerWorker; i++)
            {
                sequences.Add(await ClusterHttp.PushAsync(http, "hot-cam"));
            }
        })));

        Assert.Equal(workers * pushesPerWorker, sequences.Count);
        Assert.Equal(sequences.Count, sequences.Distinct().Count());
        var camera = cluster.Client.Grains.GetCamera("hot-cam");
        var management = cluster.Client.Grains.GetGrain<IManagementGrain>(0);
        Assert.Equal(1, await management.GetGrainActivationCount((GrainReference)camera));
        Assert.Equal(workers * pushesPerWorker, (await camera.GetInfo())!.FramesReceived);
    }
}
