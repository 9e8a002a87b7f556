using IngestionCluster.Grains.Abstractions.Requests;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using IngestionCluster.Grains.Rtsp;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Rtsp.Support;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Rtsp;

/// <summary>One-shot captures against the real GStreamer RTSP server with the real ffmpeg.</summary>
[Collection(RtspTestsCollection.Name)]
public sealed class RtspSnapshotCaptureTests(ITestOutputHelper output)
{
    private readonly RecordingLoggerFactory _logs = new(output);

    [Fact]
    public async Task Single_frame_returns_one_whole_jpeg_stamped_on_arrival()
    {
        var server = await TestServers.Rtsp;
        var before = DateTimeOffset.UtcNow;

        var snapshot = await Snapshots().CaptureAsync(server.Url, RtspCaptureMode.SingleFrame);

        Assert.True(snapshot.Succeeded, snapshot.Failure?.ToString());
        var frame = Assert.Single(snapshot.Frames);
        Assert.True(RtspTestOptions.IsWholeJpeg(frame.Jpeg));
        Assert.InRange(frame.ReceivedAt, before, DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Burst_returns_the_requested_number_of_frames_in_order()
    {
        var server = await TestServers.Rtsp;

        var snapshot = await Snapshots().CaptureAsync(server.Url, RtspCaptureMode.Burst, frames: 5, fps: 5);

        Assert.True(snapshot.Succeeded, snapshot.Failure?.ToString());
        Assert.Equal(5, snapshot.Frames.Count);
        Assert.All(snapshot.Frames, f => Assert.True(RtspTestOptions.IsWholeJpeg(f.Jpeg)));
        Assert.Equal([1L, 2, 3, 4, 5], snapshot.Frames.Select(f => f.Sequence));
        Assert.True(snapshot.Frames.Zip(snapshot.Frames.Skip(1)).All(p => p.First.ReceivedAt <= p.Second.ReceivedAt));
    }

    [Fact]
    public async Task Duration_returns_duration_times_fps_frames_sampled_from_that_much_stream()
    {
        var server = await TestServers.Rtsp;
        var clock = Stopwatch.StartNew();

        var snapshot = await Snapshots().CaptureAsync(server.Url, RtspCaptureMode.Duration, duration: TimeSpan.FromSeconds(2), fps: 2);

        Assert.True(snapshot.Succeeded, snapshot.Failure?.ToString());
        Assert.Equal(4, snapshot.Expected);
        Assert.Equal(4, snapshot.Frames.Count);
        Assert.All(snapshot.Frames, f => Assert.True(RtspTestOptions.IsWholeJpeg(f.Jpeg)));
        // 2 s of stream at 2 fps: reading them takes real time (ffmpeg hands over the frames it buffered while probing
        // at once, so arrival times say little). The capture timeout (15 s) bounds it from above.
        var span = snapshot.Frames[^1].ReceivedAt - snapshot.Frames[0].ReceivedAt;
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
        output.WriteLine($"duration capture: {snapshot.Frames.Count} frames arriving over {span.TotalSeconds:0.00} s, {clock.Elapsed.TotalSeconds:0.0} s in all");
    }

    [Fact]
    public async Task A_closed_port_fails_fast_as_unreachable()
    {
        var port = FreePort.Next();
        var clock = Stopwatch.StartNew();

        var snapshot = await Snapshots().CaptureAsync($"rtsp://127.0.0.1:{port}/cam", RtspCaptureMode.SingleFrame, timeout: TimeSpan.FromSeconds(60));

        Assert.False(snapshot.Succeeded);
        Assert.Empty(snapshot.Frames);
        // Refused, not timed out: the reason says so, and it came long before the (generous) timeout.
        Assert.Equal(RtspFailureReason.Unreachable, snapshot.Failure!.Reason);
        Assert.Contains("refused", snapshot.Failure.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_wrong_path_fails_as_stream_not_found()
    {
        var server = await TestServers.Rtsp;

        var snapshot = await Snapshots().CaptureAsync(server.UrlFor("/no-such-stream"), RtspCaptureMode.SingleFrame, timeout: TimeSpan.FromSeconds(10));

        Assert.Equal(RtspFailureReason.StreamNotFound, snapshot.Failure?.Reason);
        Assert.Contains("404", snapshot.Failure!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_without_video_fails_as_no_video_stream()
    {
        var server = await TestServers.Rtsp;

        var snapshot = await Snapshots().CaptureAsync(server.UrlFor(server.AudioPath), RtspCaptureMode.SingleFrame, timeout: TimeSpan.FromSeconds(15));

        Assert.Equal(RtspFailureReason.NoVideoStream, snapshot.Failure?.Reason);
    }

    [Fact]
    public async Task A_server_that_never_answers_fails_as_timeout_within_the_limit()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var accepted = new List<Socket>();
        var accepting = Task.Run(async () =>
        {
            while (true)
            {
                accepted.Add(await silent.AcceptSocketAsync());
            }
        });
        var clock = Stopwatch.StartNew();

        var snapshot = await Snapshots().CaptureAsync($"rtsp://127.0.0.1:{port}/cam", RtspCaptureMode.SingleFrame, timeout: TimeSpan.FromSeconds(3));

        Assert.Equal(RtspFailureReason.Timeout, snapshot.Failure?.Reason);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(2.9), TimeSpan.FromSeconds(20));
        silent.Stop();
        accepted.ForEach(s => s.Dispose());
        _ = accepting.Exception;
    }

    [Fact]
    public async Task Wrong_credentials_fail_as_authentication_refused_and_never_show_the_password()
    {
        await using var server = await StartPrivateAsync(new RtspServerSettings(RequireAuth: true));
        const string wrongPassword = "Wr0ngPassw0rd-4711";
        var wrongUrl = server.UrlFor(server.Path, server.User, wrongPassword);

        var wrong = await Snapshots().CaptureAsync(wrongUrl, RtspCaptureMode.SingleFrame, timeout: TimeSpan.FromSeconds(10));
        var anonymous = await Snapshots().CaptureAsync(server.AnonymousUrl, RtspCaptureMode.SingleFrame, timeout: TimeSpan.FromSeconds(10));
        var right = await Snapshots().CaptureAsync(server.Url, RtspCaptureMode.SingleFrame, timeout: TimeSpan.FromSeconds(10));

        Assert.Equal(RtspFailureReason.AuthenticationFailed, wrong.Failure?.Reason);
        Assert.Contains("401", wrong.Failure!.ToString(), StringComparison.Ordinal);
        Assert.Equal(RtspFailureReason.AuthenticationFailed, anonymous.Failure?.Reason);
        Assert.True(right.Succeeded, right.Failure?.ToString());

        var everything = _logs.AllText + wrong.Failure + wrong.Failure.Detail;
        Assert.DoesNotContain(wrongPassword, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Password!, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(server.User!, everything, StringComparison.Ordinal);
        Assert.Contains("rtsp://***@127.0.0.1", everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_requests_are_refused_without_echoing_the_url()
    {
        var snapshots = Snapshots();

        var badUrl = await Assert.ThrowsAsync<ArgumentException>(() => snapshots.CaptureAsync("http://admin:TopSecret1@host/cam", RtspCaptureMode.SingleFrame));
        Assert.DoesNotContain("TopSecret1", badUrl.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => snapshots.CaptureAsync("rtsp://host/cam", RtspCaptureMode.Burst, frames: 0));
        await Assert.ThrowsAsync<ArgumentException>(() => snapshots.CaptureAsync("rtsp://host/cam", RtspCaptureMode.Burst, frames: RtspCaptureSpec.MaxFrames + 1));
        await Assert.ThrowsAsync<ArgumentException>(() => snapshots.CaptureAsync("rtsp://host/cam", RtspCaptureMode.Duration, duration: TimeSpan.Zero, fps: 2));
        await Assert.ThrowsAsync<ArgumentException>(() => snapshots.CaptureAsync("rtsp://host/cam", RtspCaptureMode.Burst, frames: 3, fps: 0));
    }

    [Fact]
    public async Task Cancelling_a_capture_stops_its_ffmpeg()
    {
        var server = await TestServers.Rtsp;
        var marker = FfmpegLeftovers.NewMarker();
        using var cancel = new CancellationTokenSource();
        var snapshots = Snapshots();

        var capture = snapshots.CaptureAsync(FfmpegLeftovers.WithMarker(server.Url, marker), RtspCaptureMode.Duration, duration: TimeSpan.FromSeconds(60), fps: 1, cancellationToken: cancel.Token);
        await Eventually.TrueAsync(() => FfmpegLeftovers.Running(marker).Count > 0, TimeSpan.FromSeconds(10), "ffmpeg started");
        await Task.Delay(TimeSpan.FromSeconds(1));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => capture);
        Assert.Empty(FfmpegLeftovers.Running(marker));
    }

    private RtspSnapshotCapture Snapshots() => RtspTestOptions.Snapshots(RtspTestOptions.Short(), _logs);

    private static async Task<RtspServer> StartPrivateAsync(RtspServerSettings settings)
    {
        var server = new RtspServer(settings);
        try
        {
            await server.StartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }
}
