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
             "-i", "rtsp://u:p@host/cam", "-an", "-vf", "fps=2", "-f", "image2pipe", "-c:v", "mjpeg", "-q:v", "5", "pipe:1"],
            arguments);
    }

    [Fact]
    public void Fractional_fps_and_a_frame_limit_are_passed_on()
    {
        var arguments = new FfmpegCaptureArguments("rtsp://host/cam", TimeSpan.FromSeconds(1), 0.5, 2, MaxFrames: 7).Build();

        Assert.Equal("fps=0.5", arguments[arguments.ToList().IndexOf("-vf") + 1]);
        Assert.Equal("7", arguments[arguments.ToList().IndexOf("-frames:v") + 1]);
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
