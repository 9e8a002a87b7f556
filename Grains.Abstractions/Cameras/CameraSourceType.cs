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
}
