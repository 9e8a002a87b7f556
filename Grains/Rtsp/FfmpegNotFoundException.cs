namespace IngestionCluster.Grains.Rtsp;

/// <summary>ffmpeg is not installed, or the configured <see cref="RtspOptions.FfmpegPath"/> does not exist.</summary>
public sealed class FfmpegNotFoundException(string message) : Exception(message);
