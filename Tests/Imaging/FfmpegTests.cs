namespace IngestionCluster.Tests.Imaging;

public sealed class FfmpegTests
{
    [Fact]
    public void Missing_ffmpeg_fails_with_the_Debian_package_name()
    {
        var error = Assert.Throws<InvalidOperationException>(
            () => Ffmpeg.Run(Path.GetTempPath(), ["-version"], executable: "ffmpeg-not-installed"));

        Assert.Contains("install the Debian package 'ffmpeg'", error.Message);
    }
}
