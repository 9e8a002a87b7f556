using System.Text.Json.Serialization;

namespace IngestionCluster.Grains.Rtsp;

/// <summary>What a one-shot capture request takes from the stream.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RtspCaptureMode>))]
public enum RtspCaptureMode
{
    /// <summary>One frame: the first the camera delivers.</summary>
    [JsonStringEnumMemberName("single_frame")]
    SingleFrame,

    /// <summary>N consecutive frames at the requested fps.</summary>
    [JsonStringEnumMemberName("burst")]
    Burst,

    /// <summary>T seconds of stream at the requested fps: round(T × fps) frames.</summary>
    [JsonStringEnumMemberName("duration")]
    Duration,
}
