using System.Text.Json.Serialization;
using IngestionCluster.Grains.Abstractions.Serialization;
using Orleans;

namespace IngestionCluster.Grains.Abstractions.Images;

[JsonConverter(typeof(NamedEnumConverter<ImageSource>))]
[GenerateSerializer, Alias("ic.ImageSource")]
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
    /// <summary>Captured from an MJPEG-over-HTTP camera's stream (those were <see cref="Rtsp"/> images before).</summary>
    [JsonStringEnumMemberName("mjpeg")]
    Mjpeg,
}
