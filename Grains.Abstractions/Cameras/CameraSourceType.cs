using System.Text.Json.Serialization;

namespace IngestionCluster.Grains.Abstractions.Cameras;

[JsonConverter(typeof(JsonStringEnumConverter<CameraSourceType>))]
public enum CameraSourceType
{
    [JsonStringEnumMemberName("http_push")]
    HttpPush,
    [JsonStringEnumMemberName("rtsp")]
    Rtsp,
    [JsonStringEnumMemberName("mqtt")]
    Mqtt,
}
