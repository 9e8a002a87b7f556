using System.Security.Cryptography;
using IngestionCluster.Grains.Abstractions.Catalog;
using IngestionCluster.Grains.Abstractions.Requests;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Hosting;
using IngestionCluster.Grains.Requests;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Storage.Support;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace IngestionCluster.Tests.Grains;

public sealed class IngestRequestGrainTests
{
    /// <summary>A capture's reminder every second and its poll every 50 ms: resumed and recorded within a test's patience.</summary>
    private static readonly Dictionary<string, string?> _quickWork = new() { ["Work:RecoveryInterval"] = "00:00:01", ["Work:PollInterval"] = "00:00:00.050" };

    [Fact]
    public async Task Rtsp_capture_interrupted_by_a_silo_stop_resumes_on_the_next_owner()
    {
        var executor = new StallingFirstCapture();
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone, silos: 2,
            settings: _quickWork,
            configureServices: services => services.AddSingleton<IRtspCaptureExecutor>(executor));
        var request = product.Grains.GetIngestRequest("req-resume");
        var accepted = await request.SubmitRtspCapture(new RtspCaptureSpec("resume-cam", "rtsp://camera.test/live", RtspCaptureMode.Burst, 2, 0, 1, null));
        Assert.Equal(IngestRequestStatus.Accepted, accepted.Status);
        await executor.FirstCallStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(async () => (await request.GetStatus())!.Status == IngestRequestStatus.Processing, TimeSpan.FromSeconds(10),
            "the request shows processing once its capture runs");

        // The silo running the capture stops gracefully; the capture there is cancelled.
        var owner = await product.SiloOfAsync(request) ?? throw new InvalidOperationException("the request is not active");
        await product.Cluster.StopSiloAsync(owner);

        IngestRequestInfo? status = null;
        await Eventually.TrueAsync(async () => (status = await request.GetStatus())!.Status == IngestRequestStatus.Completed, TimeSpan.FromSeconds(30),
            "the capture resumed and completed");
        Assert.Equal(2, status!.Files.Count);
        Assert.True(executor.Calls >= 2);
        var rows = await CaptureSessionTests.WaitForImagesAsync(product, "resume-cam", 2);
        Assert.All(rows, row => Assert.Equal("req-resume", row.RequestId));
    }

    [Fact]
    public async Task An_upload_recorded_while_the_requests_list_is_out_of_reach_is_accepted_and_listed_by_the_next_activation()
    {
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var (request, file) = await UploadedAsync(product, "req-listed-later");

        await product.Database.ExecuteAsync("ALTER TABLE ingest_requests RENAME TO ingest_requests_away", null, CancellationToken.None);
        var recorded = await request.SubmitUpload(new UploadSubmission("upload-cam", null, [file]));
        await product.Database.ExecuteAsync("ALTER TABLE ingest_requests_away RENAME TO ingest_requests", null, CancellationToken.None);

        Assert.Equal(IngestRequestStatus.Completed, recorded.Status);
        Assert.Empty(await ListedAsync());
        await Eventually.TrueAsync(async () => await request.GetStatus() is not null && (await ListedAsync()).Count == 1, TimeSpan.FromSeconds(30),
            "the next activation lists the request");
        Assert.Equal(IngestRequestStatus.Completed, (await ListedAsync())[0].Status);

        async Task<IReadOnlyList<IngestRequestInfo>> ListedAsync() =>
            (await product.Grains.GetCatalog().ListIngestRequests(new IngestRequestListQuery(null, "upload-cam", 0, 10))).Items;
    }

    [Fact]
    public async Task An_rtsp_capture_accepted_while_the_requests_list_is_out_of_reach_is_accepted_captured_once_and_listed()
    {
        var executor = new CountingCapture();
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone,
            settings: _quickWork,
            configureServices: services => services.AddSingleton<IRtspCaptureExecutor>(executor));
        var request = product.Grains.GetIngestRequest("req-rtsp-listed-later");

        await product.Database.ExecuteAsync("ALTER TABLE ingest_requests RENAME TO ingest_requests_away", null, CancellationToken.None);
        var accepted = await request.SubmitRtspCapture(new RtspCaptureSpec("rtsp-listed-cam", "rtsp://camera.test/live", RtspCaptureMode.Burst, 2, 0, 1, null));
        await product.Database.ExecuteAsync("ALTER TABLE ingest_requests_away RENAME TO ingest_requests", null, CancellationToken.None);

        Assert.Equal(IngestRequestStatus.Accepted, accepted.Status);
        await Eventually.TrueAsync(async () => await ListedAsync() is [{ Status: IngestRequestStatus.Completed }], TimeSpan.FromSeconds(30),
            "the request is listed, completed");
        var completed = (await request.GetStatus())!;
        var rows = await CaptureSessionTests.WaitForImagesAsync(product, "rtsp-listed-cam", 2);
        Assert.Equal(completed.Files.Select(f => f.ImageId).Order(), rows.Select(r => r.ImageId).Order());
        Assert.Equal(1, executor.Calls);

        async Task<IReadOnlyList<IngestRequestInfo>> ListedAsync() =>
            (await product.Grains.GetCatalog().ListIngestRequests(new IngestRequestListQuery(null, "rtsp-listed-cam", 0, 10))).Items;
    }

    [Fact]
    public async Task Rtsp_capture_that_finished_before_its_silo_stopped_is_recorded_not_captured_again()
    {
        var executor = new CountingCapture();
        // The poll that takes the result and the reminder come long after the capture has finished.
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone, silos: 2,
            settings: new Dictionary<string, string?> { ["Work:RecoveryInterval"] = "00:00:05", ["Work:PollInterval"] = "00:00:10" },
            configureServices: services => services.AddSingleton<IRtspCaptureExecutor>(executor));
        var request = product.Grains.GetIngestRequest("req-finished-early");
        await request.SubmitRtspCapture(new RtspCaptureSpec("finished-early-cam", "rtsp://camera.test/live", RtspCaptureMode.Burst, 2, 0, 1, null));
        var firstAttempt = await CaptureSessionTests.WaitForImagesAsync(product, "finished-early-cam", 2);
        var owner = await product.SiloOfAsync(request) ?? throw new InvalidOperationException("the request is not active");
        Assert.Equal(IngestRequestStatus.Accepted, (await request.GetStatus())!.Status);

        await product.Cluster.StopSiloAsync(owner);

        IngestRequestInfo? status = null;
        await Eventually.TrueAsync(async () => (status = await request.GetStatus())!.Status == IngestRequestStatus.Completed, TimeSpan.FromSeconds(30),
            "the finished capture is recorded");
        // Long enough for the reminder to tick on the remaining silo, should it find the capture unfinished.
        await Task.Delay(TimeSpan.FromSeconds(12));
        Assert.Equal(1, executor.Calls);
        var rows = await CaptureSessionTests.ImagesAsync(product, "finished-early-cam");
        Assert.Equal(firstAttempt.Select(r => r.ImageId).Order(), rows.Select(r => r.ImageId).Order());
        Assert.Equal(rows.Select(r => r.ImageId).Order(), (await request.GetStatus())!.Files.Select(f => f.ImageId).Order());
        Assert.All(rows, row => Assert.Equal("req-finished-early", row.RequestId));
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task An_upload_whose_record_was_written_though_the_write_reported_failure_is_answered_recorded_with_its_rows(StorageKind storage)
    {
        await using var product = await ProductCluster.StartAsync(storage);
        var (request, file) = await UploadedAsync(product, "req-lost-answer");

        await using (await GrainStateTrigger.LosingAnswersAsync(product.Database, "ingest-request"))
        {
            var recorded = await request.SubmitUpload(new UploadSubmission("lost-answer-cam", null, [file]));
            Assert.Equal(IngestRequestStatus.Completed, recorded.Status);
        }

        Assert.Equal([file], (await request.GetStatus())!.Files);
        Assert.Equal("req-lost-answer", (await product.Metadata.GetImageAsync(file.ImageId, CancellationToken.None))?.RequestId);
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task An_upload_refused_because_another_activation_recorded_the_request_leaves_no_rows_and_answers_with_that_record(StorageKind storage)
    {
        await using var product = await ProductCluster.StartAsync(storage);
        var (request, file) = await UploadedAsync(product, "req-contested");
        Assert.Null(await request.GetStatus());
        // Meanwhile another activation of the id (during a failover) records its own upload.
        var other = file with { ImageId = "img-other", Filename = "other.jpg" };
        await product.Cluster.Silos[0].SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(GrainStorage.Name).WriteStateAsync("ingest-request",
            request.GetGrainId(), new GrainState<IngestRequestState>(new IngestRequestState
            {
                Kind = IngestRequestKind.Upload, Status = IngestRequestStatus.Completed, CameraId = "lost-answer-cam", Files = [other],
                CreatedAt = DateTimeOffset.UtcNow.AddSeconds(-1),
            }));

        await Assert.ThrowsAnyAsync<Exception>(() => request.SubmitUpload(new UploadSubmission("lost-answer-cam", null, [file])));

        Assert.Null(await product.Metadata.GetImageAsync(file.ImageId, CancellationToken.None));
        Assert.Equal([other], (await request.GetStatus())!.Files);
    }

    [Fact]
    public async Task An_rtsp_capture_whose_record_was_written_though_the_write_reported_failure_is_accepted_and_captured_once()
    {
        var executor = new CountingCapture();
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone,
            settings: _quickWork,
            configureServices: services => services.AddSingleton<IRtspCaptureExecutor>(executor));
        var request = product.Grains.GetIngestRequest("req-rtsp-lost-answer");

        await using (await GrainStateTrigger.LosingAnswersAsync(product.Database, "ingest-request"))
        {
            var accepted = await request.SubmitRtspCapture(new RtspCaptureSpec("rtsp-lost-answer-cam", "rtsp://camera.test/live", RtspCaptureMode.Burst, 2, 0, 1, null));
            Assert.Equal(IngestRequestStatus.Accepted, accepted.Status);
        }

        await Eventually.TrueAsync(async () => (await request.GetStatus())!.Status == IngestRequestStatus.Completed, TimeSpan.FromSeconds(30),
            "the capture ran and is recorded");
        Assert.Equal(2, (await CaptureSessionTests.ImagesAsync(product, "rtsp-lost-answer-cam")).Count);
        Assert.Equal(1, executor.Calls);
    }

    /// <summary>A stored image of an upload not yet recorded, and the request grain it goes to.</summary>
    private static async Task<(IIngestRequestGrain Request, IngestedFile File)> UploadedAsync(ProductCluster product, string requestId)
    {
        var bytes = SharedJpegs.Samples.TestCard;
        var key = BlobKey.Parse($"uploads/{requestId}/a.jpg");
        await product.Blobs.PutAsync(key, bytes, "image/jpeg", CancellationToken.None);
        var file = new IngestedFile("a.jpg", $"img-{requestId}", key.Value, Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.Length, "image/jpeg");
        return (product.Grains.GetIngestRequest(requestId), file);
    }

    /// <summary>The test double's capture, counted.</summary>
    private sealed class CountingCapture : IRtspCaptureExecutor
    {
        private readonly TestRtspCaptureExecutor _inner = new();
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task<IDisposable> WaitForSlotAsync(CancellationToken cancellationToken) => FreeCaptureSlot.Granted;

        public Task<RtspCaptureResult> CaptureAsync(string rtspUrl, RtspCaptureMode mode, int frames, TimeSpan duration, double fps, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return _inner.CaptureAsync(rtspUrl, mode, frames, duration, fps, cancellationToken);
        }
    }

    /// <summary>An RTSP capture double whose first capture hangs until cancelled (a silo going away), later ones succeed at once.</summary>
    private sealed class StallingFirstCapture : IRtspCaptureExecutor
    {
        private int _calls;

        public TaskCompletionSource FirstCallStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Calls => Volatile.Read(ref _calls);

        public Task<IDisposable> WaitForSlotAsync(CancellationToken cancellationToken) => FreeCaptureSlot.Granted;

        public async Task<RtspCaptureResult> CaptureAsync(string rtspUrl, RtspCaptureMode mode, int frames, TimeSpan duration, double fps, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                FirstCallStarted.SetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            return new RtspCaptureResult([.. Enumerable.Range(0, frames).Select(i => new CapturedFrame(SharedJpegs.Samples.StaticScene[i], DateTimeOffset.UtcNow))], null);
        }
    }
}
