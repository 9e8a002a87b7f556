using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using IngestionCluster.Tests.Fixtures;

namespace IngestionCluster.Bench.MqttChunks;

/// <summary>
/// Cameras that publish one image every 1/fps seconds as base64 chunks with QoS 1, spread over a few
/// MQTT connections, staggered so the load is even. Each image names itself (<c>image_id</c>) so the
/// benchmark can match its stored row to the moment its last chunk was published.
/// </summary>
internal sealed class SimulatedCameras(IReadOnlyList<MqttPublisher> connections, string topicRoot, int cameras, int imageBytes, int chunks)
{
    private readonly byte[] _image = CreateImage(imageBytes);

    // Each run names its images apart: the grains rightly ignore an image id a camera already stored.
    private readonly string _run = Guid.NewGuid().ToString("N")[..6];

    /// <summary>When the last chunk of each image was acknowledged by the broker: key "camera/image_id".</summary>
    public ConcurrentDictionary<string, long> LastChunkPublished { get; } = new();

    public long ImagesPublished;

    public static string CameraId(int index) => $"bench-{index:D4}";

    /// <summary>Publishes at <paramref name="fps"/> per camera until the token is cancelled.</summary>
    public Task RunPacedAsync(double fps, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, cameras).Select(c => Task.Run(async () =>
        {
            var period = TimeSpan.FromSeconds(1 / fps);
            var start = Stopwatch.GetTimestamp() + (long)(period.TotalSeconds * Stopwatch.Frequency * c / cameras);
            for (var image = 0L; !cancellationToken.IsCancellationRequested; image++)
            {
                var due = start + (long)(image * period.TotalSeconds * Stopwatch.Frequency);
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
                await PublishImageAsync(c, image);
            }
        }, CancellationToken.None)));

    /// <summary>Publishes as fast as the broker takes it (for the raw ceiling).</summary>
    public Task RunFloodAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, cameras).Select(c => Task.Run(async () =>
        {
            for (var image = 0L; !cancellationToken.IsCancellationRequested; image++)
            {
                await PublishImageAsync(c, image);
            }
        }, CancellationToken.None)));

    private async Task PublishImageAsync(int camera, long image)
    {
        var cameraId = CameraId(camera);
        var imageId = $"{_run}-{image}";
        var connection = connections[camera % connections.Count];
        var size = (int)Math.Ceiling(_image.Length / (double)chunks);
        // A distinct image each time: the camera and frame number change its first bytes.
        var body = (byte[])_image.Clone();
        BitConverter.TryWriteBytes(body.AsSpan(16), image);
        BitConverter.TryWriteBytes(body.AsSpan(24), camera);
        var tasks = new Task[chunks];
        for (var i = 0; i < chunks; i++)
        {
            var data = Convert.ToBase64String(body.AsSpan(i * size, Math.Min(size, body.Length - (i * size))));
            // As firmware writes it: base64 needs no JSON escaping (a default JSON encoder would escape every '+').
            var payload = Encoding.ASCII.GetBytes($$"""{"id":"{{cameraId}}","index":{{i}},"total":{{chunks}},"data":"{{data}}","image_id":"{{imageId}}"}""");
            if (i == chunks - 1)
            {
                // Latency counts from the moment the last chunk is sent, not from the broker's acknowledgement of it.
                LastChunkPublished[$"{cameraId}/{imageId}"] = Stopwatch.GetTimestamp();
            }
            tasks[i] = connection.PublishAsync($"{topicRoot}/{cameraId}/image_json", payload);
        }
        await Task.WhenAll(tasks);
        Interlocked.Increment(ref ImagesPublished);
    }

    private static byte[] CreateImage(int bytes)
    {
        var image = new byte[bytes];
        Random.Shared.NextBytes(image);
        // A JPEG's first bytes, so the stored content type is realistic.
        image[0] = 0xFF;
        image[1] = 0xD8;
        image[2] = 0xFF;
        return image;
    }

    public static string Describe(int cameras, double fps, int imageBytes, int chunks) =>
        new StringBuilder().Append(cameras).Append(" cameras x ").Append(fps).Append(" fps, ").Append(imageBytes / 1024).Append(" KB in ").Append(chunks).Append(" chunks").ToString();
}
