using System.Text.Json.Serialization;

namespace IngestionCluster.Grains.Abstractions.Images;

[JsonConverter(typeof(JsonStringEnumConverter<ImageSource>))]
public enum ImageSource
{
    [JsonStringEnumMemberName("mqtt")]
    Mqtt,
    [JsonStringEnumMemberName("http")]
    Http,
    [JsonStringEnumMemberName("rtsp")]
    Rtsp,
    [JsonStringEnumMemberName("upload")]
    Upload,
}
