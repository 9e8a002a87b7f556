using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Rtsp;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Rtsp.Support;
using IngestionCluster.Tests.Telemetry;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Rtsp;

/// <summary>Continuous capture against the real GStreamer RTSP server with the real ffmpeg.</summary>
[Collection(RtspTestsCollection.Name)]
public sealed class RtspCaptureLoopTests(ITestOutputHelper output)
{
    private readonly RecordingLoggerFactory _logs = new(output);

    [Fact]
    public async Task Capture_at_2_fps_reports_connected_and_delivers_whole_jpegs_at_about_that_rate()
    {
        var server = await TestServers.Rtsp;
        var recorder = new CaptureRecorder();
        var factory = RtspTestOptions.LoopFactory(RtspTestOptions.Short(), _logs);
        // Frames from 1 s after the first on: ffmpeg hands over the frames it buffered while probing at once.
        IReadOnlyList<RtspFrame> Steady() => [.. recorder.Frames.Where(f => f.ReceivedAt >= recorder.Frames.First().ReceivedAt.AddSeconds(1))];
        const int intervals = 16;

        await using (var loop = factory.Start("cam-rate", server.Url, 2, recorder.OnFrame, recorder.OnStatus))
        {
            await recorder.WaitForStatusAsync(CaptureStatus.Connected, 1, TimeSpan.FromSeconds(20));
            await Eventually.TrueAsync(() => !recorder.Frames.IsEmpty && Steady().Count > intervals, TimeSpan.FromSeconds(60),
                $"{intervals + 1} frames after the first second");
            Assert.Equal(CaptureStatus.Connected, loop.Status);
        }

        var frames = recorder.Frames.ToList();
        Assert.Equal([CaptureStatus.Starting, CaptureStatus.Connected, CaptureStatus.Stopped], recorder.Statuses);
        Assert.All(frames, f => Assert.True(RtspTestOptions.IsWholeJpeg(f.Jpeg), $"frame {f.Sequence} is a whole JPEG"));
        // 16 intervals at 2 fps take 8 s of stream; the source sends 10 fps, so without the rate limit they would take 1.6 s,
        // and at 1 fps 16 s. The bounds leave room for a busy machine delaying some frames (it cannot make the stream faster).
        var steady = Steady();
        var span = steady[intervals].ReceivedAt - steady[0].ReceivedAt;
        output.WriteLine($"{frames.Count} frames; {intervals} intervals after the first second took {span.TotalSeconds:0.00} s");
        Assert.InRange(span, TimeSpan.FromSeconds(5.5), TimeSpan.FromSeconds(14));
        // In order and never repeated; the pre-roll burst may lose a frame to the bounded queue on a busy machine.
        Assert.Equal(frames.Select(f => f.Sequence).Order(), frames.Select(f => f.Sequence));
        Assert.Equal(frames.Count, frames.Select(f => f.Sequence).Distinct().Count());
    }

    [Fact]
    public async Task A_camera_slower_than_the_stall_and_connect_limits_is_no_stall_one_connection_delivers_every_frame()
    {
        var server = await TestServers.Rtsp;
        var recorder = new CaptureRecorder();
        // One frame every 20 s, longer than both limits: they count from when the next frame is due. (18 s of slack
        // for a busy test server, whose frames came 6 s late under a full suite.)
        var options = RtspTestOptions.Short(o =>
        {
            o.StallTimeout = TimeSpan.FromSeconds(18);
            o.ConnectTimeout = TimeSpan.FromSeconds(18);
        });
        var factory = RtspTestOptions.LoopFactory(options, _logs);

        await using (var loop = factory.Start("cam-slow-rate", server.Url, 0.05, recorder.OnFrame, recorder.OnStatus))
        {
            await Eventually.TrueAsync(() => recorder.Frames.Count >= 3, TimeSpan.FromSeconds(120), "3 frames at 0.05 fps");
            Assert.Equal(1, loop.Statistics.FfmpegStarts);
        }

        Assert.Equal([CaptureStatus.Starting, CaptureStatus.Connected, CaptureStatus.Stopped], recorder.Statuses);
    }

    [Fact]
    public async Task Each_connection_is_probed_before_ffmpeg_starts_and_its_stream_reported_right_after_connected()
    {
        // A stream of its own: other test classes probe the shared server's stream at the same time.
        await using var server = await TestServers.StartPrivateAsync<RtspServer>();
        var recorder = new CaptureRecorder();
        var factory = RtspTestOptions.LoopFactory(RtspTestOptions.Short(), _logs, probe: true);

        await using (var loop = factory.Start("cam-probe", server.Url, 2, recorder.OnFrame, recorder.OnStatus, recorder.OnStream))
        {
            await Eventually.TrueAsync(() => !recorder.Streams.IsEmpty, TimeSpan.FromSeconds(30), "the stream is reported");
            // ffprobe has its own RTSP session: it must be gone while ffmpeg streams.
            Assert.Empty(ProcessTable.Find(cmdline => cmdline.Contains("ffprobe", StringComparison.Ordinal) && cmdline.Contains(server.Path, StringComparison.Ordinal)));
            await recorder.WaitForFramesAsync(6, TimeSpan.FromSeconds(20));
            Assert.Equal(CaptureStatus.Connected, loop.Status);
        }

        var (stream, before, framesBefore) = Assert.Single(recorder.Streams);
        Assert.Equal([CaptureStatus.Starting, CaptureStatus.Connected], before);
        Assert.Equal(0, framesBefore);
        Assert.Equal((server.Settings.Width, server.Settings.Height), (stream.Width, stream.Height));
        Assert.Contains(stream.Codec, new[] { "mjpeg", "jpeg" });
        Assert.InRange(stream.Fps ?? 0, server.Settings.Fps - 0.5, server.Settings.Fps + 0.5);
        Assert.Equal([CaptureStatus.Starting, CaptureStatus.Connected, CaptureStatus.Stopped], recorder.Statuses);
    }

    [Fact]
    public async Task Server_outage_disconnects_with_a_reason_then_reconnects_with_visible_backoff()
    {
        await using var server = new RtspServer();
        await server.StartAsync();
        var recorder = new CaptureRecorder();
        var options = RtspTestOptions.Short();
        var factory = RtspTestOptions.LoopFactory(options, _logs);

        await using var loop = factory.Start("cam-outage", server.Url, 5, recorder.OnFrame, recorder.OnStatus);
        await recorder.WaitForStatusAsync(CaptureStatus.Connected, 1, TimeSpan.FromSeconds(20));

        var stoppedAt = DateTimeOffset.UtcNow;
        await server.StopAsync();
        await recorder.WaitForStatusAsync(CaptureStatus.Reconnecting, 1, options.StallTimeout + TimeSpan.FromSeconds(20));
        var disconnect = recorder.Changes.First(c => c.Status == CaptureStatus.Reconnecting);
        Assert.True(disconnect.LostConnection);
        Assert.NotNull(disconnect.Failure);
        // Noticed by the stall timeout at the latest; the slack is for a busy machine, not a claim about speed.
        Assert.InRange(disconnect.At - stoppedAt, TimeSpan.Zero, options.StallTimeout + TimeSpan.FromSeconds(10));
        output.WriteLine($"disconnected: {disconnect.Failure}");

        // While the server is down, attempts fail (connection refused) and the delays grow.
        await Eventually.TrueAsync(() => recorder.CountOf(CaptureStatus.Reconnecting) >= 4, TimeSpan.FromSeconds(60), "several failed reconnect attempts");
        var attempts = recorder.Changes.Where(c => c.Status == CaptureStatus.Reconnecting).Skip(1).ToList();
        Assert.All(attempts, a => Assert.Equal(RtspFailureReason.Unreachable, a.Failure?.Reason));
        Assert.All(attempts, a => Assert.False(a.LostConnection));
        var delays = recorder.Changes.Where(c => c.Status == CaptureStatus.Reconnecting).Select(c => c.RetryDelay!.Value).ToList();
        Assert.True(delays[2] > delays[0], $"backoff grows: {string.Join(", ", delays)}");
        Assert.All(delays, d => Assert.True(d <= options.ReconnectMaxDelay));

        var framesBeforeRestart = recorder.Frames.Count;
        await server.StartAsync();
        await recorder.WaitForStatusAsync(CaptureStatus.Connected, 2, TimeSpan.FromSeconds(25));
        await recorder.WaitForFramesAsync(framesBeforeRestart + 5, TimeSpan.FromSeconds(30));

        var backoffLines = _logs.Entries.Where(e => e.EventId is 5104 or 5105).Select(e => e.Message).ToList();
        Assert.Contains(backoffLines, l => l.Contains("disconnected", StringComparison.Ordinal) && l.Contains("reconnecting in", StringComparison.Ordinal));
        Assert.Contains(backoffLines, l => l.Contains("could not connect", StringComparison.Ordinal) && l.Contains("attempt 3", StringComparison.Ordinal));
        Assert.Equal(2, _logs.WithEventId(5103).Count);
    }

    [Fact]
    public async Task Stalled_stream_is_disconnected_as_timeout_after_the_stall_timeout()
    {
        await using var server = new RtspServer();
        await server.StartAsync();
        var recorder = new CaptureRecorder();
        var options = RtspTestOptions.Short();
        var factory = RtspTestOptions.LoopFactory(options, _logs);

        await using var loop = factory.Start("cam-stall", server.Url, 5, recorder.OnFrame, recorder.OnStatus);
        await recorder.WaitForStatusAsync(CaptureStatus.Connected, 1, TimeSpan.FromSeconds(20));
        await recorder.WaitForFramesAsync(3, TimeSpan.FromSeconds(20));

        // Process-wide, so another test's failures may add to it; the stall must be counted at least once.
        using var failures = new CounterSpy("ingest_rtsp_failures");
        server.Freeze();
        try
        {
            await recorder.WaitForStatusAsync(CaptureStatus.Reconnecting, 1, options.StallTimeout + TimeSpan.FromSeconds(20));
            var disconnect = recorder.Changes.First(c => c.Status == CaptureStatus.Reconnecting);
            Assert.Equal(RtspFailureReason.Timeout, disconnect.Failure?.Reason);
            Assert.True(failures[RtspFailureReasonCodes.Code(RtspFailureReason.Timeout)] >= 1, "the stall counts in ingest_rtsp_failures_total{reason=timeout}");
            Assert.True(disconnect.LostConnection);
            // The stall time counts from the last frame: never less than the stall timeout (less 50 ms: the product times
            // it on the monotonic clock, the frames carry wall-clock times); the upper slack is for a busy machine.
            var lastFrame = recorder.Frames.Last(f => f.ReceivedAt <= disconnect.At);
            Assert.InRange(disconnect.At - lastFrame.ReceivedAt, options.StallTimeout - TimeSpan.FromMilliseconds(50), options.StallTimeout + TimeSpan.FromSeconds(10));
        }
        finally
        {
            server.Thaw();
        }
        await recorder.WaitForStatusAsync(CaptureStatus.Connected, 2, TimeSpan.FromSeconds(25));
    }

    [Fact]
    public async Task Beyond_the_capacity_a_capture_waits_and_starts_when_another_stops()
    {
        var server = await TestServers.Rtsp;
        var options = RtspTestOptions.Short(o => o.MaxConcurrentStreams = 1);
        var capacity = new RtspCapacity(options.MaxConcurrentStreams);
        var factory = RtspTestOptions.LoopFactory(options, _logs, capacity);
        var first = new CaptureRecorder();
        var second = new CaptureRecorder();

        var firstLoop = factory.Start("cam-first", server.Url, 2, first.OnFrame, first.OnStatus);
        await first.WaitForStatusAsync(CaptureStatus.Connected, 1, TimeSpan.FromSeconds(20));
        await using var secondLoop = factory.Start("cam-second", server.UrlFor(server.SecondPath), 2, second.OnFrame, second.OnStatus);

        await second.WaitForStatusAsync(CaptureStatus.WaitingForCapacity, 1, TimeSpan.FromSeconds(20));
        Assert.Equal(1, capacity.ActiveStreams);
        Assert.Equal(1, capacity.WaitingStreams);
        // While the first capture delivers several more frames, the second gets none and still waits.
        await first.WaitForFramesAsync(first.Frames.Count + 4, TimeSpan.FromSeconds(30));
        Assert.Empty(second.Frames);
        Assert.Equal(CaptureStatus.WaitingForCapacity, secondLoop.Status);
        Assert.Equal([CaptureStatus.Starting, CaptureStatus.WaitingForCapacity], second.Statuses);

        await firstLoop.DisposeAsync();
        await second.WaitForStatusAsync(CaptureStatus.Connected, 1, TimeSpan.FromSeconds(20));
        Assert.Equal(1, capacity.ActiveStreams);
        Assert.Equal(0, capacity.WaitingStreams);
        Assert.Equal([CaptureStatus.Starting, CaptureStatus.WaitingForCapacity, CaptureStatus.Starting, CaptureStatus.Connected], second.Statuses);
        Assert.Contains(_logs.Entries, e => e.EventId == 5101 && e.Message.Contains("cam-second", StringComparison.Ordinal));

        await secondLoop.StopAsync();
        Assert.Equal(0, capacity.ActiveStreams);
    }

    [Fact]
    public async Task A_consumer_slower_than_the_camera_gets_recent_frames_and_drops_are_counted()
    {
        var server = await TestServers.Rtsp;
        var recorder = new CaptureRecorder(handlerDelay: TimeSpan.FromSeconds(1));
        var factory = RtspTestOptions.LoopFactory(RtspTestOptions.Short(), _logs);

        await using var loop = factory.Start("cam-slow", server.Url, 10, recorder.OnFrame, recorder.OnStatus);
        await recorder.WaitForStatusAsync(CaptureStatus.Connected, 1, TimeSpan.FromSeconds(20));
        var connected = System.Diagnostics.Stopwatch.StartNew();
        // The camera sends 10 frames a second and the consumer takes one: most must be dropped, not queued.
        await Eventually.TrueAsync(() => loop.Statistics.FramesDropped >= 20 && recorder.Frames.Count >= 4, TimeSpan.FromSeconds(60),
            "frames are delivered and many dropped");

        var statistics = loop.Statistics;
        var elapsed = connected.Elapsed;
        output.WriteLine($"{statistics} after {elapsed.TotalSeconds:0.0} s");
        // Each delivery holds the consumer for at least 1 s, so no more than one per second (plus the one under way and
        // the few the bounded queue holds) can have been delivered; the rest were dropped.
        Assert.InRange(statistics.FramesDelivered, 1, (long)elapsed.TotalSeconds + 4);
        Assert.True(statistics.FramesDropped > statistics.FramesDelivered, statistics.ToString());
        // Recent frames: consecutive deliveries skip the frames dropped in between.
        var delivered = recorder.Frames.Select(f => f.Sequence).ToList();
        Assert.Contains(delivered.Zip(delivered.Skip(1)), pair => pair.Second - pair.First > 1);
        Assert.Equal(CaptureStatus.Connected, statistics.Status);
        // Still connected: a slow consumer is not a stalled camera.
        Assert.Equal(0, recorder.CountOf(CaptureStatus.Reconnecting));
    }

    [Fact]
    public async Task Wrong_credentials_keep_retrying_as_authentication_failed_and_never_log_the_password()
    {
        await using var server = new RtspServer(new RtspServerSettings(RequireAuth: true));
        await server.StartAsync();
        const string wrongPassword = "N0tTheP4ssword-0815";
        var recorder = new CaptureRecorder();
        var factory = RtspTestOptions.LoopFactory(RtspTestOptions.Short(), _logs);

        await using (var loop = factory.Start("cam-auth", server.UrlFor(server.Path, server.User, wrongPassword), 2, recorder.OnFrame, recorder.OnStatus))
        {
            await recorder.WaitForStatusAsync(CaptureStatus.Reconnecting, 2, TimeSpan.FromSeconds(20));
            Assert.Equal(RtspFailureReason.AuthenticationFailed, loop.Statistics.LastFailure?.Reason);
            Assert.Equal("rtsp://***@127.0.0.1:" + server.Port + server.Path, loop.MaskedUrl);
        }
        await using (var good = factory.Start("cam-auth-ok", server.Url, 2, recorder.OnFrame, recorder.OnStatus))
        {
            await recorder.WaitForStatusAsync(CaptureStatus.Connected, 1, TimeSpan.FromSeconds(20));
        }

        var everything = _logs.AllText + string.Join('\n', recorder.Changes.Select(c => $"{c.Failure} {c.Failure?.Detail}"));
        Assert.DoesNotContain(wrongPassword, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Password!, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(server.User!, everything, StringComparison.Ordinal);
        Assert.Contains("authentication_failed", System.Text.Json.JsonSerializer.Serialize(RtspFailureReason.AuthenticationFailed), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_urls_are_refused_before_anything_starts()
    {
        var factory = RtspTestOptions.LoopFactory(RtspTestOptions.Short(), _logs);
        var recorder = new CaptureRecorder();

        // http(s) is an MJPEG camera's stream, which the loop reads too; ftp is nobody's.
        var error = Assert.Throws<ArgumentException>(() => factory.Start("cam", "ftp://admin:Secret99@host/x", 1, recorder.OnFrame));
        Assert.DoesNotContain("Secret99", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => factory.Start("cam", "rtsp://host/x", 0, recorder.OnFrame));
        Assert.Throws<FfmpegNotFoundException>(() =>
            RtspTestOptions.LoopFactory(RtspTestOptions.Short(o => o.FfmpegPath = "/nonexistent/ffmpeg"), _logs).Start("cam", "rtsp://host/x", 1, recorder.OnFrame));
    }
}
