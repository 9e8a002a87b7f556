namespace IngestionCluster.Storage.Events;

/// <summary>The Redis channels of camera events, as the camera-ingest seed named them.</summary>
public static class CameraEventChannels
{
    public const string Prefix = "camera:";

    /// <summary>Every camera's channel.</summary>
    public const string AllPattern = Prefix + "*";

    public static string For(string cameraId) => Prefix + cameraId;

    public static string CameraIdOf(string channel) => channel.StartsWith(Prefix, StringComparison.Ordinal) ? channel[Prefix.Length..] : channel;
}
