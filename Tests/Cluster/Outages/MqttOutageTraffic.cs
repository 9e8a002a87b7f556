using System.Collections.Concurrent;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Processes;

namespace IngestionCluster.Tests.Cluster.Outages;

/// <summary>
/// Cameras publishing images over MQTT (QoS 1, with <c>image_id</c>, as the seed's cameras do) until told to stop,
/// remembering what each published, so a test can check that every image became exactly one stored image.
/// </summary>
internal sealed class MqttOutageTraffic : IAsyncDisposable
{
    private static readonly byte[][] _pool = [SharedJpegs.Samples.TestCard, SharedJpegs.Samples.White, SharedJpegs.Samples.VgaTestCard, SharedJpegs.Samples.WhiteOddSize];
    private readonly MosquittoServer _mosquitto;
    private readonly string _topicRoot;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<byte[]>> _published = new();
    private readonly List<Task> _cameras = [];

    public MqttOutageTraffic(MosquittoServer mosquitto, string topicRoot)
    {
        _mosquitto = mosquitto;
        _topicRoot = topicRoot;
    }

    /// <summary>Every image each camera published, in order.</summary>
    public IReadOnlyDictionary<string, byte[][]> Published => _published.ToDictionary(camera => camera.Key, camera => camera.Value.ToArray());

    public void Start(IEnumerable<string> cameras)
    {
        foreach (var (camera, index) in cameras.Select((camera, index) => (camera, index)))
        {
            var published = _published.GetOrAdd(camera, _ => new ConcurrentQueue<byte[]>());
            _cameras.Add(Task.Run(async () =>
            {
                for (var image = 0; !_stop.IsCancellationRequested; image++)
                {
                    var jpeg = _pool[(index + image) % _pool.Length];
                    await MosquittoPublisher.PublishAsync(_mosquitto, $"{_topicRoot}/{camera}/image_json", Chunks.Split(jpeg, 8, camera, $"shot-{image}"));
                    published.Enqueue(jpeg);
                    try
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(500), _stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }));
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_cameras);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
