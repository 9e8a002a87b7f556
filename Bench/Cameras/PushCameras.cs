using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace IngestionCluster.Bench.Cameras;

/// <summary>
/// HTTP-push cameras that store every frame: each pushes JPEG frames with a timestamp of its own to the gateway at
/// its frame rate, one at a time, and like a well-behaved client retries a push the cluster answered 503/504 (with
/// Retry-After) or could not answer, with the same bytes and timestamp. Keeps the sequence number and timestamp of
/// every acknowledged push, and each push's latency including its retries.
/// </summary>
public sealed class PushCameras(HttpClient gateway, IReadOnlyList<string> cameraIds, IReadOnlyList<byte[]> frames)
{
    private static readonly TimeSpan _retryDelay = TimeSpan.FromMilliseconds(100);
    private readonly ConcurrentQueue<double> _latencies = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastTimestamps = new();
    private long _retries;

    public IReadOnlyList<string> CameraIds => cameraIds;

    /// <summary>Sequence numbers of acknowledged pushes, per camera.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<long>> Sequences { get; } = new();

    /// <summary>Timestamps of acknowledged pushes, per camera: each must be stored exactly once.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>> Timestamps { get; } = new();

    public IReadOnlyCollection<double> LatenciesMs => _latencies;

    /// <summary>Push attempts that failed and were tried again.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    public async Task RegisterAsync()
    {
        foreach (var camera in cameraIds)
        {
            using var response = await gateway.PostAsJsonAsync("api/cameras", new { id = camera, source_type = "http_push", persist = new { mode = "all" } });
            if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
            {
                throw new InvalidOperationException($"Registering {camera}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
    }

    public Task RunAsync(double fps, CancellationToken cancellationToken) =>
        Task.WhenAll(cameraIds.Select((camera, index) => Task.Run(async () =>
        {
            var period = TimeSpan.FromSeconds(1 / fps);
            var sequences = Sequences.GetOrAdd(camera, _ => new ConcurrentQueue<long>());
            for (var frame = index; !cancellationToken.IsCancellationRequested; frame++)
            {
                var started = Stopwatch.GetTimestamp();
                if (await PushUntilAcknowledgedAsync(camera, frames[frame % frames.Count], NextTimestamp(camera), cancellationToken) is not { } sequence)
                {
                    return;
                }
                sequences.Enqueue(sequence);
                _latencies.Enqueue(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                var rest = period - Stopwatch.GetElapsedTime(started);
                if (rest > TimeSpan.Zero)
                {
                    try
                    {
                        await Task.Delay(rest, cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }
        }, CancellationToken.None)));

    /// <summary>One push outside the load (retried until acknowledged); its sequence number.</summary>
    public async Task<long> PushOnceAsync(string camera)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await PushUntilAcknowledgedAsync(camera, frames[0], NextTimestamp(camera), timeout.Token) ?? throw new TimeoutException($"No push to {camera} was acknowledged within 60 s.");
    }

    /// <summary>A timestamp after every earlier one of the camera, in milliseconds as a camera's clock gives them.</summary>
    private DateTimeOffset NextTimestamp(string camera)
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return _lastTimestamps.AddOrUpdate(camera, now, (_, last) => now > last ? now : last.AddMilliseconds(1));
    }

    /// <summary>The acknowledged sequence number, or null when cancelled before the push was acknowledged.</summary>
    private async Task<long?> PushUntilAcknowledgedAsync(string camera, byte[] jpeg, DateTimeOffset timestamp, CancellationToken cancellationToken)
    {
        var seconds = (timestamp.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var content = new ByteArrayContent(jpeg);
                content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
                // Not cancelled mid-flight: a push the cluster may have taken must have its answer read.
                using var response = await gateway.PostAsync($"api/ingest/push/{camera}?timestamp={seconds}", content, CancellationToken.None);
                if (response.IsSuccessStatusCode)
                {
                    using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(CancellationToken.None));
                    Timestamps.GetOrAdd(camera, _ => new ConcurrentQueue<DateTimeOffset>()).Enqueue(timestamp);
                    return body.RootElement.GetProperty("sequence").GetInt64();
                }
                if (response.StatusCode is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout))
                {
                    throw new InvalidOperationException($"Push to {camera}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
                }
            }
            catch (HttpRequestException)
            {
            }
            Interlocked.Increment(ref _retries);
            try
            {
                await Task.Delay(_retryDelay, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }
        return null;
    }
}
