namespace IngestionCluster.Grains.Rtsp;

/// <summary>Finds the ffmpeg executable: the configured path, or <c>ffmpeg</c> on <c>PATH</c>.</summary>
public static class FfmpegLocator
{
    /// <summary>The Debian package that provides ffmpeg.</summary>
    public const string DebianPackage = "ffmpeg";

    /// <summary>
    /// The full path of ffmpeg. <paramref name="configuredPath"/> may be a full path or a bare name
    /// looked up on <c>PATH</c>; null or empty means <c>ffmpeg</c>.
    /// </summary>
    /// <exception cref="FfmpegNotFoundException">Nothing executable was found; the message names the Debian package.</exception>
    public static string Find(string? configuredPath = null)
    {
        var name = string.IsNullOrWhiteSpace(configuredPath) ? "ffmpeg" : configuredPath.Trim();
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return IsExecutableFile(name)
                ? Path.GetFullPath(name)
                : throw new FfmpegNotFoundException(
                    $"ffmpeg was not found at {name} (setting Rtsp:FfmpegPath). Install the Debian package '{DebianPackage}' (apt-get install -y {DebianPackage}) or fix the setting.");
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (IsExecutableFile(candidate))
            {
                return candidate;
            }
        }
        throw new FfmpegNotFoundException(
            $"'{name}' was not found on PATH. RTSP capture needs ffmpeg: install the Debian package '{DebianPackage}' (apt-get install -y {DebianPackage}), or set Rtsp:FfmpegPath.");
    }

    private static bool IsExecutableFile(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }
        if (OperatingSystem.IsWindows())
        {
            return true;
        }
        var mode = File.GetUnixFileMode(path);
        return (mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
    }
}
