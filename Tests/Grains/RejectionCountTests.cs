using System.Net;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.DeadLetters;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Images;
using IngestionCluster.Grains.Abstractions.Sessions;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Telemetry;

namespace IngestionCluster.Tests.Grains;

/// <summary>Frames and chunks the grains refuse are counted once each, under their reason.</summary>
[Collection(ProcessWideMetricsCollection.Name)]
public sealed class RejectionCountTests
{
    [Fact]
    public async Task A_frame_that_is_not_a_jpeg_is_refused_with_the_reason()
    {
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var camera = product.Grains.GetCamera("bad-frames");
        using var rejections = new CounterSpy("ingest_frames_rejected");

        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0 };
        var notJpeg = await Assert.ThrowsAsync<InvalidFrameException>(() => camera.PushFrame(new FrameData(png)));
        Assert.Contains("SOI", notJpeg.Message, StringComparison.Ordinal);
        var truncated = SharedJpegs.Samples.TestCard[..2000];
        await Assert.ThrowsAsync<InvalidFrameException>(() => camera.PushFrame(new FrameData(truncated)));
        // The camera keeps working.
        Assert.Equal(1, (await camera.PushFrame(new FrameData(SharedJpegs.Samples.TestCard))).Sequence);

        Assert.Equal(1, rejections["not_jpeg"]);
        Assert.Equal(1, rejections["truncated"]);
        Assert.Equal(2, rejections.Total);
    }

    [Fact]
    public async Task Frames_the_gateway_refuses_are_counted_under_the_same_metric_as_the_grains_refusals()
    {
        await using var gateway = await StandaloneGateway.StartAsync();
        var client = gateway.As(ApiRoles.Ingest);
        using var rejections = new CounterSpy("ingest_frames_rejected");

        await ApiAssert.ProblemAsync(await client.PostAsync("/api/ingest/push/cam-refused", Raw(Samples.Png)), HttpStatusCode.UnsupportedMediaType);
        await ApiAssert.ProblemAsync(await client.PostAsync("/api/ingest/push/cam-refused", new StringContent("hello")), HttpStatusCode.UnsupportedMediaType);
        await ApiAssert.ProblemAsync(await client.PostAsync("/api/ingest/push/cam-refused", Raw([])), HttpStatusCode.BadRequest, "empty");
        var big = new byte[GatewaySettings.MaxFrameSize + 10];
        Samples.Jpeg.AsSpan(0, 16).CopyTo(big);
        using var form = Multipart.Form(Multipart.File("frame_file", big, "f.jpg", "image/jpeg"));
        await ApiAssert.ProblemAsync(await client.PostAsync("/api/ingest/push/cam-refused", form), HttpStatusCode.RequestEntityTooLarge);
        // Far beyond the limit, the server's own body limit may be what refuses it: counted all the same.
        var huge = new byte[GatewaySettings.MaxFrameSize * 3];
        Samples.Jpeg.AsSpan(0, 16).CopyTo(huge);
        using (var hugeForm = Multipart.Form(Multipart.File("frame_file", huge, "f.jpg", "image/jpeg")))
        {
            await RefusedAsTooLargeAsync(client, new HttpRequestMessage(HttpMethod.Post, "/api/ingest/push/cam-refused") { Content = hugeForm });
        }
        using (var hugeChunked = new HttpRequestMessage(HttpMethod.Post, "/api/ingest/push/cam-refused") { Content = Raw(huge), Headers = { TransferEncodingChunked = true } })
        {
            await RefusedAsTooLargeAsync(client, hugeChunked);
        }
        // Refused by the camera grain behind the gateway: a JPEG's first bytes, then nothing.
        await ApiAssert.ProblemAsync(await client.PostAsync("/api/ingest/push/cam-refused", Raw(Samples.Jpeg[..200])), HttpStatusCode.BadRequest);
        // A request that is wrong, not a frame, is no frame rejection.
        await ApiAssert.ProblemAsync(await client.PostAsync("/api/ingest/push/cam-refused?timestamp=yesterday", Raw(Samples.Jpeg)), HttpStatusCode.BadRequest, "timestamp");
        await ApiAssert.StatusAsync(await client.PostAsync("/api/ingest/push/cam-refused", Raw(Samples.Jpeg)), HttpStatusCode.OK);

        Assert.Equal(2, rejections["not_jpeg"]);
        Assert.Equal(1, rejections["empty"]);
        Assert.Equal(3, rejections["too_large"]);
        Assert.Equal(1, rejections["truncated"]);
        Assert.Equal(7, rejections.Total);
    }

    [Fact]
    public async Task A_frame_the_gateway_lets_through_but_the_silo_finds_too_large_is_a_413_counted_as_too_large()
    {
        // An operator raised the gateway's push limit and not the silos' one.
        await using var gateway = await StandaloneGateway.StartAsync(new Dictionary<string, string?> { ["Ingest:MaxFrameBytes"] = "4096" });
        var client = gateway.As(ApiRoles.Ingest);
        using var rejections = new CounterSpy("ingest_frames_rejected");
        Assert.InRange(Samples.Jpeg.Length, 4097, GatewaySettings.MaxFrameSize);

        var problem = await ApiAssert.ProblemAsync(await client.PostAsync("/api/ingest/push/cam-silo-limit", Raw(Samples.Jpeg)), HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("Ingest__MaxFrameBytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, rejections["too_large"]);
        Assert.Equal(1, rejections.Total);
    }

    /// <summary>
    /// A 413, or the connection closed under a body still being sent: Kestrel answers 413 once the body passes its limit and
    /// then closes the connection, and a busy client may see the close before it reads the answer. The count tells the rest.
    /// The request asks for its connection to be closed, so the next request cannot be sent on the one Kestrel is closing.
    /// </summary>
    private static async Task RefusedAsTooLargeAsync(HttpClient client, HttpRequestMessage request)
    {
        request.Headers.ConnectionClose = true;
        try
        {
            await ApiAssert.StatusAsync(await client.SendAsync(request), HttpStatusCode.RequestEntityTooLarge);
        }
        catch (HttpRequestException ex) when (ex.InnerException is HttpIOException or IOException)
        {
            // Closed by the server before its answer was read.
        }
    }

    [Fact]
    public async Task Bad_chunks_are_rejected_and_counted_while_other_sessions_complete()
    {
        using var rejected = new CounterSpy("ingest_chunks_rejected");
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone,
            settings: new Dictionary<string, string?> { ["Ingest:MaxChunksPerImage"] = "100", ["Ingest:MaxImageBytes"] = "100000" });
        var bad = product.Grains.GetCamera("cam-bad");
        var good = product.Grains.GetCamera("cam-good");
        var valid = new byte[100];

        await bad.ReceiveChunk(new ImageChunk("cam-bad", 5, 5, valid, "i1"));
        await bad.ReceiveChunk(new ImageChunk("cam-bad", -1, 5, valid, "i1"));
        await bad.ReceiveChunk(new ImageChunk("cam-bad", 0, 0, valid, "i1"));
        await bad.ReceiveChunk(new ImageChunk("cam-bad", 0, 101, valid, "i1"));
        await bad.ReceiveChunk(new ImageChunk("cam-bad", 0, 5, [], "i1"));
        await bad.ReceiveChunk(new ImageChunk("cam-bad", 0, 5, valid, "../etc/passwd"));
        await bad.ReceiveChunk(new ImageChunk("someone-else", 0, 5, valid, "i1"));
        await bad.ReceiveChunk(new ImageChunk("cam-bad", 0, 2, new byte[150_000], "i2"));
        // A session whose total changes, and one that gets other bytes at an index it holds.
        await bad.ReceiveChunk(new ImageChunk("cam-bad", 0, 3, valid, "i3"));
        await bad.ReceiveChunk(new ImageChunk("cam-bad", 1, 4, valid, "i3"));
        await bad.ReceiveChunk(new ImageChunk("cam-bad", 0, 3, new byte[99], "i3"));
        // What the MQTT bridge refuses it counts itself (ingest_mqtt_chunks_rejected) and only records here.
        await product.Grains.GetDeadLetters().Record(new DeadLetter(0, "mqtt", "camera/cam-bad/image_json", "cam-bad", "not_json", "bridge refusal", 3, DateTimeOffset.UtcNow));
        // Meanwhile a normal image on another camera.
        foreach (var chunk in Chunks.Split(SharedJpegs.Samples.TestCard, 15, "cam-good"))
        {
            await good.ReceiveChunk(chunk);
        }

        await CaptureSessionTests.WaitForImagesAsync(product, "cam-good", 1);
        await Eventually.TrueAsync(() => rejected.Total >= 10, TimeSpan.FromSeconds(10), "the session-level rejections are counted");
        Assert.Equal(2, rejected[ChunkRejectionReason.IndexOutOfRange]);
        Assert.Equal(1, rejected[ChunkRejectionReason.TotalInvalid]);
        Assert.Equal(1, rejected[ChunkRejectionReason.TotalTooLarge]);
        Assert.Equal(1, rejected[ChunkRejectionReason.EmptyData]);
        Assert.Equal(1, rejected[ChunkRejectionReason.InvalidImageId]);
        Assert.Equal(1, rejected[ChunkRejectionReason.InvalidCameraId]);
        Assert.Equal(1, rejected[ChunkRejectionReason.ImageTooLarge]);
        Assert.Equal(1, rejected[ChunkRejectionReason.TotalChanged]);
        Assert.Equal(1, rejected[ChunkRejectionReason.ConflictingData]);
        Assert.Equal(0, rejected["not_json"]);
        Assert.Equal(10, rejected.Total);
        Assert.Empty(await CaptureSessionTests.ImagesAsync(product, "cam-bad"));
    }

    private static ByteArrayContent Raw(byte[] body) => new(body) { Headers = { ContentType = new("image/jpeg") } };
}
