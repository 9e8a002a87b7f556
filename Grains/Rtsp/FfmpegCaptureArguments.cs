using System.Globalization;
using FFMpegCore;
using IngestionCluster.Grains.Abstractions.Cameras;

namespace IngestionCluster.Grains.Rtsp;

/// <summary>
/// The ffmpeg command line that reads one RTSP stream (or an MJPEG stream over HTTP) and writes JPEG frames to stdout:
/// <c>-nostdin -hide_banner -loglevel error -rtsp_transport tcp -timeout µs -i URL -an [-vf fps=fps=N]
/// [-frames:v N] -f image2pipe -c:v mjpeg -q:v Q pipe:1</c>, laid out by FFMpegCore's argument builder
/// and returned as an argument list (see <see cref="FfmpegCommandLine"/>). Frames keep the camera's size.
/// </summary>
/// <remarks>
/// Option names checked against ffmpeg 5.1 (<c>ffmpeg -h demuxer=rtsp</c>): the RTSP socket I/O
/// timeout is <c>-timeout</c> in microseconds (<c>-stimeout</c> was removed in 5.0). RTP over TCP
/// (interleaved) avoids UDP ports and NAT trouble and does not lose packets.
/// </remarks>
/// <param name="Url">The camera URL, credentials included: it goes to ffmpeg's argv, never to a log.</param>
/// <param name="SocketTimeout">ffmpeg's own limit for connecting and for each socket read.</param>
/// <param name="Fps">Output frame rate (<c>-vf fps=N</c>); null keeps the camera's rate.</param>
/// <param name="JpegQuality">mjpeg <c>-q:v</c>, 2 (best) to 31 (smallest).</param>
/// <param name="MaxFrames">Stop after this many frames (<c>-frames:v</c>); null runs until stopped.</param>
public sealed record FfmpegCaptureArguments(string Url, TimeSpan SocketTimeout, double? Fps, int JpegQuality, int? MaxFrames = null)
{
    /// <summary>Lowest output frame rate accepted: one frame every 1,000 s.</summary>
    public const double MinFps = 0.001;

    private const string StandardOutput = "pipe:1";
    private const string ImagePipeFormat = "image2pipe";
    private const string JpegCodec = "mjpeg";

    /// <summary>
    /// Longest the rate filter at <paramref name="fps"/> may hold a frame: two intervals. It writes one per interval, but at
    /// 0.05 fps the first frame came 30 s after the start, and a connection now and then went 40 s between two frames.
    /// </summary>
    public static TimeSpan RateFilterHold(double fps) => 2 * TimeSpan.FromSeconds(1 / fps);

    /// <summary>
    /// The input options that depend on the stream's protocol, each followed by a space: <c>-rtsp_transport tcp</c> for
    /// RTSP; for an MJPEG camera's http(s) URL <c>-use_wallclock_as_timestamps 1</c> instead, since ffmpeg's mpjpeg
    /// demuxer has no timestamps and would stamp the frames at 25 fps whatever the camera sends (the fps filter would then
    /// keep the wrong share of them). The http protocol's <c>-timeout</c> is in microseconds too.
    /// </summary>
    public static string TransportOption(string url) =>
        RtspUrl.SchemeOf(url) is { } scheme && CameraSourceType.Mjpeg.UrlSchemes().Contains(scheme, StringComparer.OrdinalIgnoreCase)
            ? "-use_wallclock_as_timestamps 1 "
            : "-rtsp_transport tcp ";

    /// <summary>The argument list (argv after the program name); no shell is involved.</summary>
    public IReadOnlyList<string> Build()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Url);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(SocketTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(JpegQuality, RtspOptions.BestJpegQuality);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(JpegQuality, RtspOptions.WorstJpegQuality);
        if (Fps is { } fps && (!double.IsFinite(fps) || fps < MinFps))
        {
            throw new ArgumentOutOfRangeException(nameof(Fps), fps, $"fps must be a number of at least {MinFps}");
        }
        if (MaxFrames is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1, nameof(MaxFrames));
        }

        var socketTimeoutMicroseconds = (long)Math.Ceiling(SocketTimeout.TotalMicroseconds);
        var commandLine = FFMpegArguments
            .FromUrlInput(FfmpegCommandLine.UrlPlaceholder, input => input
                // Global options, first: no stdin (ffmpeg would otherwise wait for keys), errors only.
                .WithCustomArgument("-nostdin -hide_banner -loglevel error")
                .WithCustomArgument(TransportOption(Url) + "-timeout " + socketTimeoutMicroseconds.ToString(CultureInfo.InvariantCulture)))
            .OutputToUrl(StandardOutput, output =>
            {
                output.DisableAudio();
                if (Fps is { } rate)
                {
                    output.WithVideoFilters(filters => filters.Fps(rate));
                }
                if (MaxFrames is { } frames)
                {
                    output.WithFrameCount(frames);
                }
                output.ForceFormat(ImagePipeFormat).WithVideoCodec(JpegCodec).WithVideoQualityScale(JpegQuality);
            })
            .Arguments;
        return FfmpegCommandLine.ToArguments(commandLine, Url);
    }
}
