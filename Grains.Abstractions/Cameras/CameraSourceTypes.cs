namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>What the source types have in common.</summary>
public static class CameraSourceTypes
{
    /// <summary>A camera whose frames the cluster fetches from its stream (RTSP, or MJPEG over HTTP) in one capture loop; the others send them.</summary>
    public static bool IsStreamed(this CameraSourceType sourceType) => sourceType is CameraSourceType.Rtsp or CameraSourceType.Mjpeg;

    /// <summary>The URL schemes a streamed camera's <c>source_url</c> may have.</summary>
    public static IReadOnlyList<string> UrlSchemes(this CameraSourceType sourceType) => sourceType switch
    {
        CameraSourceType.Rtsp => ["rtsp", "rtsps"],
        CameraSourceType.Mjpeg => ["http", "https"],
        _ => [],
    };
}
