using IngestionCluster.Grains.Rtsp;

namespace IngestionCluster.Tests.Rtsp;

/// <summary>The lines are ffmpeg 5.1's own, recorded against the GStreamer test server.</summary>
public sealed class RtspFailureClassifierTests
{
    [Theory]
    [InlineData("[rtsp @ 0x55dcf04e5a00] method DESCRIBE failed: 401 Unauthorized|rtsp://***@127.0.0.1:18554/cam: Server returned 401 Unauthorized (authorization failed)", RtspFailureReason.AuthenticationFailed)]
    [InlineData("[rtsp @ 0x55c65f06ba00] method DESCRIBE failed: 404 Not Found|rtsp://127.0.0.1:18555/nope: Server returned 404 Not Found", RtspFailureReason.StreamNotFound)]
    [InlineData("[tcp @ 0x563da89908c0] Connection to tcp://127.0.0.1:1?timeout=5000000 failed: Connection refused|rtsp://127.0.0.1:1/cam: Connection refused", RtspFailureReason.Unreachable)]
    [InlineData("[tcp @ 0x55f4f969e8c0] Failed to resolve hostname no-such-host.invalid: Name or service not known|rtsp://no-such-host.invalid/cam: Input/output error", RtspFailureReason.Unreachable)]
    [InlineData("Output file #0 does not contain any stream", RtspFailureReason.NoVideoStream)]
    [InlineData("rtsp://10.0.0.1/cam: Connection timed out", RtspFailureReason.Timeout)]
    [InlineData("[rtsp @ 0x1] method DESCRIBE failed: 403 Forbidden", RtspFailureReason.AuthenticationFailed)]
    public void Ffmpeg_error_lines_map_to_their_reason(string lines, RtspFailureReason expected)
    {
        var failure = RtspFailureClassifier.Classify(1, lines.Split('|'));

        Assert.Equal(expected, failure.Reason);
        Assert.Equal(1, failure.ExitCode);
        Assert.NotNull(failure.Detail);
        Assert.DoesNotContain("0x", failure.Detail!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:18601/video.mjpg: Server returned 5XX Server Error reply", RtspFailureReason.Unreachable)]
    [InlineData("http://127.0.0.1:18601/video.mjpg: Server returned 4XX Client Error, but not one of 40{0,1,3,4}", RtspFailureReason.StreamNotFound)]
    [InlineData("[mpjpeg @ 0x55] Expected boundary '--' not found, instead found a line of 12 bytes", RtspFailureReason.StreamNotFound)]
    public void An_mjpeg_cameras_http_errors_are_named(string line, RtspFailureReason expected)
    {
        Assert.Equal(expected, RtspFailureClassifier.Classify(1, [line]).Reason);
    }

    [Fact]
    public void A_clean_exit_without_errors_means_the_camera_ended_the_stream()
    {
        var failure = RtspFailureClassifier.Classify(0, []);
        Assert.Equal(RtspFailureReason.StreamEnded, failure.Reason);
    }

    [Fact]
    public void Anything_else_reports_the_exit_code_and_last_line()
    {
        var failure = RtspFailureClassifier.Classify(1, ["rtsp://127.0.0.1:18600/cam: Invalid data found when processing input"]);

        Assert.Equal(RtspFailureReason.FfmpegFailed, failure.Reason);
        Assert.Contains("code 1", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Invalid data found", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_kill_signal_is_named()
    {
        var failure = RtspFailureClassifier.Classify(137, []);
        Assert.Equal(RtspFailureReason.FfmpegFailed, failure.Reason);
        Assert.Contains("signal 9", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_frame_in_time_is_a_timeout_that_says_which_limit()
    {
        Assert.Contains("stalled", RtspFailureClassifier.NoFrameWithin(TimeSpan.FromSeconds(20), streaming: true).Message, StringComparison.Ordinal);
        Assert.Contains("within 30 s", RtspFailureClassifier.NoFrameWithin(TimeSpan.FromSeconds(30), streaming: false).Message, StringComparison.Ordinal);
    }
}
