using System.Diagnostics;
using IngestionCluster.Grains.Rtsp;

namespace IngestionCluster.Tests.Rtsp;

public sealed class FfmpegCaptureArgumentsTests
{
    [Fact]
    public void Continuous_capture_reads_rtsp_over_tcp_and_writes_mjpeg_to_stdout()
    {
        var arguments = new FfmpegCaptureArguments("rtsp://u:p@host/cam", TimeSpan.FromSeconds(25), 2, 5).Build();

        Assert.Equal(
            ["-nostdin", "-hide_banner", "-loglevel", "error", "-rtsp_transport", "tcp", "-timeout", "25000000",
             "-i", "rtsp://u:p@host/cam", "-an", "-vf", "fps=fps=2", "-f", "image2pipe", "-c:v", "mjpeg", "-q:v", "5", "pipe:1"],
            arguments);
    }

    [Fact]
    public void An_mjpeg_cameras_http_stream_is_read_with_wallclock_timestamps_and_no_rtsp_option()
    {
        var arguments = new FfmpegCaptureArguments("http://u:p@host/video.mjpg", TimeSpan.FromSeconds(25), 2, 5).Build();

        Assert.Equal(
            ["-nostdin", "-hide_banner", "-loglevel", "error", "-use_wallclock_as_timestamps", "1", "-timeout", "25000000",
             "-i", "http://u:p@host/video.mjpg", "-an", "-vf", "fps=fps=2", "-f", "image2pipe", "-c:v", "mjpeg", "-q:v", "5", "pipe:1"],
            arguments);
    }

    [Theory]
    [InlineData("HTTPS://cam/video.mjpg", "-use_wallclock_as_timestamps 1 ")]
    [InlineData("Http://cam/video.mjpg", "-use_wallclock_as_timestamps 1 ")]
    [InlineData("RTSP://cam/stream", "-rtsp_transport tcp ")]
    [InlineData("rtsps://cam/http://x", "-rtsp_transport tcp ")]
    public void The_protocol_options_follow_the_urls_scheme_in_any_case(string url, string expected)
    {
        Assert.Equal(expected, FfmpegCaptureArguments.TransportOption(url));
    }

    [Fact]
    public void Fractional_fps_and_a_frame_limit_are_passed_on()
    {
        var arguments = new FfmpegCaptureArguments("rtsp://host/cam", TimeSpan.FromSeconds(1), 0.5, 2, MaxFrames: 7).Build();

        Assert.Equal("fps=fps=0.5", arguments[arguments.ToList().IndexOf("-vf") + 1]);
        Assert.Equal("7", arguments[arguments.ToList().IndexOf("-frames:v") + 1]);
    }

    [Theory]
    [InlineData("rtsp://admin:p%40ss\"w$rd;&'`x@10.0.0.21:554/Streaming/Channels/101?channel=1&subtype=0")]
    [InlineData("rtsp://user:with space@host/cam")]
    [InlineData("rtsp://u:\"quoted\"@host/a b/\"c\"")]
    public void The_url_reaches_ffmpeg_as_one_argument_byte_for_byte(string url)
    {
        // The guard runs ffmpeg without a shell: no quoting, splitting or escaping may touch the URL.
        var arguments = new FfmpegCaptureArguments(url, TimeSpan.FromSeconds(5), 1, 5, MaxFrames: 1).Build();

        Assert.Equal(url, arguments[arguments.ToList().IndexOf("-i") + 1]);
        Assert.Single(arguments, a => a.Contains("@", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("-i \"rtsp://camera-url.invalid/\" \"pipe:1\"", true)]
    [InlineData("-i rtsp://camera-url.invalid/ -vf \"a b\" pipe:1", false)]
    [InlineData("-i \"rtsp://camera-url.invalid/\"  pipe:1", false)]
    [InlineData("-i \"x\"y\" rtsp://camera-url.invalid/", false)]
    [InlineData("-i pipe:0 pipe:1", false)]
    [InlineData("-i rtsp://camera-url.invalid/ -i rtsp://camera-url.invalid/ pipe:1", false)]
    public void Only_the_plain_form_of_the_builder_is_turned_into_arguments(string commandLine, bool accepted)
    {
        if (accepted)
        {
            Assert.Equal(["-i", "rtsp://real/cam", "pipe:1"], FfmpegCommandLine.ToArguments(commandLine, "rtsp://real/cam"));
        }
        else
        {
            Assert.Throws<InvalidOperationException>(() => FfmpegCommandLine.ToArguments(commandLine, "rtsp://real/cam"));
        }
    }

    [Fact]
    public void Without_fps_the_camera_rate_is_kept()
    {
        var arguments = new FfmpegCaptureArguments("rtsp://host/cam", TimeSpan.FromSeconds(1), null, 5, MaxFrames: 1).Build();

        Assert.DoesNotContain("-vf", arguments);
    }

    [Theory]
    [InlineData(0.0, 5)]
    [InlineData(-1.0, 5)]
    [InlineData(double.NaN, 5)]
    [InlineData(1.0, 1)]
    [InlineData(1.0, 32)]
    public void Out_of_range_values_are_refused(double fps, int quality)
    {
        Assert.ThrowsAny<ArgumentException>(() => new FfmpegCaptureArguments("rtsp://host/cam", TimeSpan.FromSeconds(1), fps, quality).Build());
    }

    [Fact]
    public async Task The_installed_ffmpeg_knows_the_rtsp_timeout_option_in_microseconds()
    {
        // ffmpeg 5 renamed -stimeout to -timeout; this pins the option name to the real binary.
        var start = new ProcessStartInfo(FfmpegLocator.Find(), ["-hide_banner", "-h", "demuxer=rtsp"]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var help = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Matches(@"-timeout\s+<int64>.*microseconds", help);
        Assert.DoesNotContain("-stimeout", help, StringComparison.Ordinal);
        Assert.Contains("-rtsp_transport", help, StringComparison.Ordinal);
    }

    [Fact]
    public void Locator_names_the_debian_package_when_ffmpeg_is_missing()
    {
        var error = Assert.Throws<FfmpegNotFoundException>(() => FfmpegLocator.Find("/nonexistent/bin/ffmpeg"));
        Assert.Contains("apt-get install -y ffmpeg", error.Message, StringComparison.Ordinal);

        var onPath = Assert.Throws<FfmpegNotFoundException>(() => FfmpegLocator.Find("ffmpeg-that-does-not-exist"));
        Assert.Contains("Debian package 'ffmpeg'", onPath.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Locator_finds_ffmpeg_on_the_path()
    {
        var path = FfmpegLocator.Find();
        Assert.True(Path.IsPathFullyQualified(path));
        Assert.Equal("ffmpeg", Path.GetFileName(path));
    }
}
