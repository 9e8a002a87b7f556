using System.Text.Json.Serialization;
using IngestionCluster.Grains.Abstractions.Serialization;
using Orleans;

namespace IngestionCluster.Grains.Abstractions.Requests;

/// <summary>How many frames an on-request RTSP capture takes.</summary>
[JsonConverter(typeof(NamedEnumConverter<RtspCaptureMode>))]
[GenerateSerializer, Alias("ic.RtspCaptureMode")]
public enum RtspCaptureMode
{
    /// <summary>One frame.</summary>
    [JsonStringEnumMemberName("single_frame")]
    SingleFrame,
    /// <summary><c>frames</c> frames, at <c>fps</c> when given.</summary>
    [JsonStringEnumMemberName("burst")]
    Burst,
    /// <summary>Frames at <c>fps</c> for <c>duration_s</c> seconds.</summary>
    [JsonStringEnumMemberName("duration")]
    Duration,
}
