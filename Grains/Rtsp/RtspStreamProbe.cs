using System.Diagnostics;
using System.Globalization;
using FFMpegCore;
using IngestionCluster.Grains.Abstractions.Cameras;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Grains.Rtsp;

/// <summary>
/// Tells what an RTSP source sends (codec, size, frame rate) with FFMpegCore's <see cref="FFProbe"/>.
/// A probe is short: ffprobe reads only until it has identified the stream and is bounded by
/// <see cref="RtspOptions.ProbeTimeout"/>, both as ffprobe's own socket timeout and as a deadline at
/// which FFMpegCore kills it (cancelling does the same). A probe that fails is logged and answers null:
/// capture never depends on it. Thread-safe; register once per silo.
/// </summary>
public sealed class RtspStreamProbe
{
    /// <summary>Rates above this are timestamp clocks (e.g. 90000), not frame rates.</summary>
    private const double MaxPlausibleFps = 1000;

    private readonly RtspOptions _options;
    private readonly ILogger<RtspStreamProbe> _logger;
    private readonly FfmpegExecutable _ffmpeg;
    private FFOptions? _ffOptions;

    public RtspStreamProbe(IOptions<RtspOptions> options, ILogger<RtspStreamProbe> logger)
    {
        _options = options.Value;
        _logger = logger;
        _ffmpeg = new FfmpegExecutable(_options.FfmpegPath);
    }

    // ffprobe ships with ffmpeg: FFMpegCore looks in ffmpeg's folder, then on PATH.
    private FFOptions FFOptions => _ffOptions ??= new FFOptions { BinaryFolder = Path.GetDirectoryName(_ffmpeg.Path) ?? string.Empty };

    /// <summary>The primary video stream of <paramref name="url"/>; null when the probe failed, timed out or found no video.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (ffprobe is killed first).</exception>
    public async Task<VideoStreamInfo?> ProbeAsync(string url, CancellationToken cancellationToken)
    {
        var masked = RtspUrl.Mask(url);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.ProbeTimeout);
        var clock = Stopwatch.StartNew();
        try
        {
            var analysis = await FFProbe.AnalyseAsync(new Uri(url), FFOptions, InputOptions(url), deadline.Token).ConfigureAwait(false);
            var stream = Describe(analysis);
            if (stream is null)
            {
                _logger.ProbeFailed(masked, "no video stream with a picture size");
                return null;
            }
            _logger.Probed(masked, stream.Codec, stream.Width, stream.Height, stream.Fps, clock.Elapsed.TotalSeconds);
            return stream;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            _logger.ProbeFailed(masked, $"no answer within {_options.ProbeTimeout.TotalSeconds:0.#} s");
            return null;
        }
        catch (Exception e)
        {
            // Best effort by design: whatever ffprobe or its wrapper throws only leaves the stream unknown.
            _logger.ProbeFailed(masked, $"{e.GetType().Name}: {RtspUrl.RedactSecrets(e.Message, url)}");
            return null;
        }
    }

    /// <summary>The stream description in an ffprobe analysis: codec, size and the first plausible frame rate (average, then real).</summary>
    internal static VideoStreamInfo? Describe(IMediaAnalysis analysis)
    {
        var video = analysis.PrimaryVideoStream;
        if (video is null || video.Width is not > 0 || video.Height is not > 0 || string.IsNullOrEmpty(video.CodecName))
        {
            return null;
        }
        return new VideoStreamInfo(video.CodecName, video.Width.Value, video.Height.Value, FrameRate(video.AverageFrameRate) ?? FrameRate(video.RealFrameRate));
    }

    private static double? FrameRate(double rate) =>
        double.IsFinite(rate) && rate > 0 && rate <= MaxPlausibleFps ? Math.Round(rate, 3) : null;

    /// <summary>ffprobe options after the URL (FFMpegCore appends them; ffprobe reads all options before opening its input).</summary>
    private string InputOptions(string url)
    {
        var socketTimeoutMicroseconds = (long)Math.Ceiling(_options.ProbeTimeout.TotalMicroseconds);
        return string.Create(CultureInfo.InvariantCulture, $"{FfmpegCaptureArguments.TransportOption(url)}-timeout {socketTimeoutMicroseconds}");
    }
}
