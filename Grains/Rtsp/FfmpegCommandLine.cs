namespace IngestionCluster.Grains.Rtsp;

/// <summary>
/// Turns a command line that FFMpegCore's argument builder wrote into the argument list the process
/// guard runs without a shell. The builder quotes paths and URLs and expects one string for the OS to
/// split again; a camera URL carries credentials that must reach ffmpeg byte for byte, so it never goes
/// through the builder: the builder sees <see cref="UrlPlaceholder"/>, and the real URL replaces that
/// token here as one argument, untouched.
/// </summary>
internal static class FfmpegCommandLine
{
    /// <summary>What the builder gets instead of the camera URL.</summary>
    public const string UrlPlaceholder = "rtsp://camera-url.invalid/";

    /// <summary>
    /// The arguments of <paramref name="commandLine"/>, split at single spaces, with the quotes the builder
    /// puts around whole tokens removed, and <paramref name="url"/> in place of the placeholder.
    /// </summary>
    /// <exception cref="InvalidOperationException">The line is not in the builder's plain form (a quote inside a token, an empty token, no placeholder or several).</exception>
    public static IReadOnlyList<string> ToArguments(string commandLine, string url)
    {
        var arguments = new List<string>();
        var placeholders = 0;
        foreach (var raw in commandLine.Split(' '))
        {
            var token = raw.Length >= 2 && raw[0] == '"' && raw[^1] == '"' ? raw[1..^1] : raw;
            if (token.Length == 0 || token.Contains('"', StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Unexpected token '{raw}' in the ffmpeg command line built by FFMpegCore.");
            }
            if (token == UrlPlaceholder)
            {
                placeholders++;
                token = url;
            }
            arguments.Add(token);
        }
        if (placeholders != 1)
        {
            throw new InvalidOperationException($"The ffmpeg command line built by FFMpegCore names the input {placeholders} times, not once.");
        }
        return arguments;
    }
}
