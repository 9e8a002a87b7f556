namespace IngestionCluster.Grains.Rtsp;

/// <summary>
/// The ffmpeg executable of the silo's RTSP settings, looked up on first use and kept once found. A look-up that
/// fails is made again on the next use, so installing ffmpeg on a running silo is enough.
/// </summary>
internal sealed class FfmpegExecutable(string? configuredPath)
{
    private string? _path;

    /// <exception cref="FfmpegNotFoundException">ffmpeg is not installed (or not where the setting says).</exception>
    public string Path => _path ??= FfmpegLocator.Find(configuredPath);
}
