using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using IngestionCluster.Grains.Metadata;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Storage.S3;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Processes;
using IngestionCluster.Tests.Storage.Support;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Cluster;

/// <summary>
/// A gateway process killed with SIGKILL, or stopped with SIGTERM, under HTTP load: clients that lose their gateway send
/// the same request again through the other one (the same <c>Idempotency-Key</c>, the same frame and timestamp), as a
/// load balancer's retry would.
/// </summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class GatewayKillUnderHttpLoadTests(ITestOutputHelper output)
{
    private const int UploadWorkers = 3;
    private const int StoringCameras = 2;

    private int _gateway;

    [Theory]
    [InlineData("killed")]
    [InlineData("stopped")]
    public async Task A_gateway_killed_or_stopped_during_keyed_uploads_and_stored_pushes_loses_nothing_stores_nothing_twice_and_leaves_no_blob(string end)
    {
        await using var cluster = await ProcessCluster.StartAsync("gateway-kill-http", silos: 1, gateways: 2);
        var gateways = cluster.Gateways.Select(ClusterHttp.For).ToArray();
        var pushCameras = Enumerable.Range(0, StoringCameras).Select(i => $"stored-cam-{i}").ToArray();
        foreach (var camera in pushCameras)
        {
            await ClusterHttp.RegisterAsync(gateways[0], camera, persist: new { mode = "all" });
        }

        var uploads = new ConcurrentDictionary<string, JsonElement>();
        var stamps = new ConcurrentDictionary<string, ConcurrentQueue<(DateTimeOffset Stamp, long Sequence)>>();
        var cutOff = 0;
        using var stop = new CancellationTokenSource();
        var uploading = Task.WhenAll(Enumerable.Range(0, UploadWorkers).Select(worker => Task.Run(async () =>
        {
            for (var upload = 0; !stop.IsCancellationRequested; upload++)
            {
                var key = $"upload-{worker}-{upload}";
                uploads[key] = await SendAsync(gateways, () => new HttpRequestMessage(HttpMethod.Post, "api/v1/ingest/upload")
                {
                    Content = Multipart.Form(Multipart.Text("camera_id", $"upload-cam-{worker}"), Multipart.File("files", Samples.Jpeg, "a.jpg", "image/jpeg")),
                    Headers = { { "Idempotency-Key", key } },
                }, () => Interlocked.Increment(ref cutOff));
            }
        })));
        var pushing = Task.WhenAll(pushCameras.Select(camera => Task.Run(async () =>
        {
            var stamp = DateTimeOffset.FromUnixTimeMilliseconds(1_760_000_000_000);
            for (var frame = 0; !stop.IsCancellationRequested; frame++)
            {
                stamp = stamp.AddMilliseconds(100);
                var jpeg = SharedJpegs.Samples.StaticScene[frame % SharedJpegs.Samples.StaticScene.Count];
                var answer = await SendAsync(gateways, () => new HttpRequestMessage(HttpMethod.Post, $"api/ingest/push/{camera}{ClusterHttp.TimestampQuery(stamp)}")
                {
                    Content = new ByteArrayContent(jpeg) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } },
                }, () => Interlocked.Increment(ref cutOff));
                stamps.GetOrAdd(camera, _ => new()).Enqueue((stamp, answer.GetProperty("sequence").GetInt64()));
            }
        })));

        await Eventually.TrueAsync(() => Task.FromResult(uploads.Count >= 15), TimeSpan.FromSeconds(60), "the load is under way");
        await (end == "killed" ? cluster.Gateways[0].KillAsync() : cluster.Gateways[0].StopAsync());
        var uploadsAtKill = uploads.Count;
        var pushesAtKill = stamps.Values.Sum(queue => queue.Count);
        await Eventually.TrueAsync(() => Task.FromResult(uploads.Count >= uploadsAtKill + 15 && stamps.Values.Sum(queue => queue.Count) >= pushesAtKill + 10),
            TimeSpan.FromSeconds(90), $"uploads and pushes went on through the other gateway after gateway 1 was {end}");
        await stop.CancelAsync();
        await uploading;
        await pushing;
        output.WriteLine($"uploads {uploads.Count} ({uploadsAtKill} before gateway 1 was {end}), pushes {stamps.Values.Sum(queue => queue.Count)}, requests refused or cut off and sent again {cutOff}");

        // Every upload is stored once, under the request id its key gives, and each was answered with that one request.
        for (var worker = 0; worker < UploadWorkers; worker++)
        {
            var answered = uploads.Where(pair => pair.Key.StartsWith($"upload-{worker}-", StringComparison.Ordinal)).Select(pair => pair.Value).ToList();
            var stored = (await cluster.Metadata.ListImagesAsync(new ImageQuery($"upload-cam-{worker}", null, null, 0, 10_000), CancellationToken.None)).Items;
            Assert.Equal(answered.Count, stored.Count);
            Assert.Equal(
                answered.Select(answer => answer.GetProperty("files")[0].GetProperty("image_id").GetString()!).Order(StringComparer.Ordinal),
                stored.Select(image => image.ImageId).Order(StringComparer.Ordinal));
        }
        Assert.Equal(uploads.Count, uploads.Values.Select(answer => answer.GetProperty("request_id").GetString()).Distinct().Count());
        // No blob of an attempt cut off stays beside the recorded ones.
        var recorded = uploads.Values.Select(answer => answer.GetProperty("files")[0].GetProperty("object_key").GetString()!).Order(StringComparer.Ordinal);
        Assert.Equal(recorded, (await ListAsync(cluster.Settings, "uploads")).Order(StringComparer.Ordinal));

        // Every acknowledged push is stored once, and a push sent again got the sequence of its first delivery.
        foreach (var camera in pushCameras)
        {
            var acknowledged = stamps[camera].ToArray();
            Assert.Equal(acknowledged.Length, acknowledged.Select(push => push.Sequence).Distinct().Count());
            var stored = (await cluster.Metadata.ListImagesAsync(new ImageQuery(camera, null, null, 0, 10_000), CancellationToken.None)).Items;
            Assert.Equal(acknowledged.Select(push => push.Stamp).Order(), stored.Select(image => image.CapturedAt).Order());
        }
    }

    /// <summary>
    /// Sends through the gateway in use; a connection refused or cut off moves every client to the other gateway, and the
    /// request is sent again there, as a 503 or 504 is. Returns the 2xx answer's JSON.
    /// </summary>
    private async Task<JsonElement> SendAsync(HttpClient[] gateways, Func<HttpRequestMessage> build, Action onCutOff)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            var current = Volatile.Read(ref _gateway);
            try
            {
                using var request = build();
                using var response = await gateways[current].SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                if (response.IsSuccessStatusCode)
                {
                    return JsonDocument.Parse(text).RootElement.Clone();
                }
                Assert.True(response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout, $"{(int)response.StatusCode} {text}");
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                onCutOff();
                Interlocked.CompareExchange(ref _gateway, (current + 1) % gateways.Length, current);
            }
            Assert.True(DateTime.UtcNow < deadline, "a request did not succeed within 90 s of retries");
            await Task.Delay(100);
        }
    }

    private async Task<IReadOnlyList<string>> ListAsync(IReadOnlyDictionary<string, string> settings, string folder)
    {
        using var store = S3TestStores.Create(await TestServers.S3, new RecordingLogger<S3BlobStore>(output), configure: options => options.Bucket = settings["Storage__Bucket"]);
        return [.. (await store.ListAsync(BlobKey.From(folder))).Select(blob => blob.Key.Value)];
    }
}
