using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using IngestionCluster.Tests.Fixtures;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace IngestionCluster.Bench.Cameras;

/// <summary>
/// Cameras that publish images as base64 JSON chunks (the ThermoSense payload) with QoS 1 through a real
/// broker, each over its own MQTTnet connection, paced and staggered so the load is even. Every image is
/// distinct and named (<c>image_id</c>), so its stored row can be matched to it by id and hash.
/// </summary>
public sealed class MqttCameraFleet : IAsyncDisposable
{
    private readonly IMqttClient[] _clients;
    private readonly string _topicRoot;
    private readonly string _cameraPrefix;
    private readonly ChunkPayloadTemplate _images;
    private readonly long[] _nextImage;
    private readonly bool[] _offline;
    // Each fleet names its images apart: a camera rightly ignores an image id it stored already.
    private readonly string _run = Guid.NewGuid().ToString("N")[..6];
    private long _imagesPublished;

    private MqttCameraFleet(IMqttClient[] clients, string topicRoot, string cameraPrefix, int imageBytes, int chunks)
    {
        _clients = clients;
        _topicRoot = topicRoot;
        _cameraPrefix = cameraPrefix;
        _images = new ChunkPayloadTemplate(imageBytes, chunks);
        _nextImage = new long[clients.Length];
        _offline = new bool[clients.Length];
    }

    public int Cameras => _clients.Length;

    /// <summary>Every image published so far, keyed by camera and image id.</summary>
    public ConcurrentDictionary<(string Camera, string ImageId), PublishedImage> Published { get; } = new();

    public long ImagesPublished => Interlocked.Read(ref _imagesPublished);

    public string CameraId(int index) => $"{_cameraPrefix}-{index:D4}";

    public static async Task<MqttCameraFleet> ConnectAsync(MosquittoServer broker, string topicRoot, string cameraPrefix, int cameras, int imageBytes, int chunks)
    {
        var factory = new MqttClientFactory();
        var clients = await Task.WhenAll(Enumerable.Range(0, cameras).Select(async index =>
        {
            var client = factory.CreateMqttClient();
            var options = new MqttClientOptionsBuilder()
                .WithTcpServer(broker.Host, broker.Port)
                .WithCredentials(broker.User, broker.Password)
                .WithClientId($"{cameraPrefix}-{index:D4}-{Guid.NewGuid().ToString("N")[..6]}")
                .WithProtocolVersion(MqttProtocolVersion.V500)
                .WithCleanStart()
                .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
                .Build();
            await client.ConnectAsync(options);
            return client;
        }));
        return new MqttCameraFleet(clients, topicRoot, cameraPrefix, imageBytes, chunks);
    }

    /// <summary>
    /// Every camera publishes <paramref name="fps"/> images a second until cancelled. A camera that falls behind
    /// its schedule publishes its next image at once but does not burst to catch up, so the offered rate shows it.
    /// </summary>
    public Task RunAsync(double fps, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, Cameras).Select(camera => Task.Run(async () =>
        {
            var period = (long)(Stopwatch.Frequency / fps);
            var due = Stopwatch.GetTimestamp() + (period * camera / Cameras);
            while (!cancellationToken.IsCancellationRequested)
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    try
                    {
                        await Task.Delay(wait, cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
                await PublishImageAsync(camera);
                due = Math.Max(due + period, Stopwatch.GetTimestamp() - period);
            }
        }, CancellationToken.None)));

    /// <summary>One image from every camera, at once: registers the cameras and warms the cluster up.</summary>
    public Task PublishOneEachAsync() => Task.WhenAll(Enumerable.Range(0, Cameras).Select(PublishImageAsync));

    private async Task PublishImageAsync(int camera)
    {
        var cameraId = CameraId(camera);
        var imageId = $"{_run}-{_nextImage[camera]++}";
        var (payloads, sha256) = _images.Build(cameraId, imageId);
        var topic = $"{_topicRoot}/{cameraId}/image_json";
        try
        {
            var sends = new Task<MqttClientPublishResult>[payloads.Length];
            for (var index = 0; index < payloads.Length - 1; index++)
            {
                sends[index] = PublishAsync(camera, topic, payloads[index]);
            }
            var published = new PublishedImage(cameraId, imageId, Stopwatch.GetTimestamp(), sha256);
            Published[(cameraId, imageId)] = published;
            sends[^1] = PublishAsync(camera, topic, payloads[^1]);
            var results = await Task.WhenAll(sends);
            published.Acknowledged = results.All(r => r.IsSuccess);
        }
        catch (MqttCommunicationException exception)
        {
            // Also a lost or timed-out connection (both derive from it). An overloaded machine can make the broker
            // miss a keep-alive. The image stays unacknowledged, so the step counts it as not committed, and the
            // camera reconnects and goes on instead of ending the run.
            Published.TryAdd((cameraId, imageId), new PublishedImage(cameraId, imageId, Stopwatch.GetTimestamp(), sha256));
            if (!_offline[camera])
            {
                _offline[camera] = true;
                Console.WriteLine($"-- camera {cameraId} lost its broker connection ({exception.Message}); reconnecting");
            }
            await ReconnectAsync(camera);
        }
        Interlocked.Increment(ref _imagesPublished);
    }

    private async Task ReconnectAsync(int camera)
    {
        try
        {
            await _clients[camera].ReconnectAsync();
            _offline[camera] = false;
            Console.WriteLine($"-- camera {CameraId(camera)} reconnected");
        }
        catch (Exception exception) when (exception is MqttCommunicationException or SocketException or OperationCanceledException or TimeoutException)
        {
            // Still unreachable: the camera's next image fails the same way and tries again.
        }
    }

    private Task<MqttClientPublishResult> PublishAsync(int camera, string topic, byte[] payload) =>
        _clients[camera].PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync();
            }
            client.Dispose();
        }
    }
}
