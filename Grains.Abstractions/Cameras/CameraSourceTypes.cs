namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>What the source types have in common.</summary>
public static class CameraSourceTypes
{
    /// <summary>Every source type's name, as the API, events, metrics and the camera-ingest seed's <c>cameras.json</c> spell it.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Enum.GetValues<CameraSourceType>().Select(Name)];

    private static readonly Dictionary<string, CameraSourceType> _byName =
        Enum.GetValues<CameraSourceType>().ToDictionary(type => type.Name(), StringComparer.Ordinal);

    /// <summary>A camera whose frames the cluster fetches from its stream (RTSP, or MJPEG over HTTP) in one capture loop; the others send them.</summary>
    public static bool IsStreamed(this CameraSourceType sourceType) => sourceType is CameraSourceType.Rtsp or CameraSourceType.Mjpeg;

    /// <summary>The URL schemes a streamed camera's <c>source_url</c> may have.</summary>
    public static IReadOnlyList<string> UrlSchemes(this CameraSourceType sourceType) => sourceType switch
    {
        CameraSourceType.Rtsp => ["rtsp", "rtsps"],
        CameraSourceType.Mjpeg => ["http", "https"],
        _ => [],
    };

    /// <summary>The source type's name (<c>http_push</c>, <c>rtsp</c>, <c>mqtt</c>, <c>mjpeg</c>), the one its JSON carries.</summary>
    public static string Name(this CameraSourceType sourceType) => sourceType switch
    {
        CameraSourceType.HttpPush => "http_push",
        CameraSourceType.Rtsp => "rtsp",
        CameraSourceType.Mqtt => "mqtt",
        CameraSourceType.Mjpeg => "mjpeg",
        _ => throw new ArgumentOutOfRangeException(nameof(sourceType), sourceType, "not a camera source type"),
    };

    /// <summary>The source type named <paramref name="name"/> (exactly as <see cref="Name"/> spells it).</summary>
    public static bool TryFromName(string? name, out CameraSourceType sourceType) => _byName.TryGetValue(name ?? string.Empty, out sourceType);

    /// <summary>How messages name a streamed camera's stream: <c>RTSP</c> or <c>MJPEG</c>.</summary>
    public static string StreamKind(this CameraSourceType sourceType) => sourceType.Name().ToUpperInvariant();
}
