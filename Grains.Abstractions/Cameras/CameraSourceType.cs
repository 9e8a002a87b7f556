using System.Text.Json.Serialization;
using IngestionCluster.Grains.Abstractions.Serialization;
using Orleans;

namespace IngestionCluster.Grains.Abstractions.Cameras;

[JsonConverter(typeof(NamedEnumConverter<CameraSourceType>))]
[GenerateSerializer, Alias("ic.CameraSourceType")]
public enum CameraSourceType
{
    [JsonStringEnumMemberName("http_push")]
    HttpPush,
    [JsonStringEnumMemberName("rtsp")]
    Rtsp,
    [JsonStringEnumMemberName("mqtt")]
    Mqtt,
    /// <summary>An IP camera's MJPEG stream over HTTP (<c>http://host/video.mjpg</c>), captured as an RTSP stream is (the camera-ingest seed's <c>mjpeg</c>).</summary>
    [JsonStringEnumMemberName("mjpeg")]
    Mjpeg,
}
