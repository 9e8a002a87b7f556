using System.Text.Json.Serialization;
using IngestionCluster.Grains.Abstractions.Serialization;

namespace IngestionCluster.Grains.Rtsp;

/// <summary>Why an RTSP capture ended or could not start; the JSON names are the API's error codes.</summary>
[JsonConverter(typeof(NamedEnumConverter<RtspFailureReason>))]
public enum RtspFailureReason
{
    /// <summary>The camera could not be reached: connection refused, no route to the host, or its name does not resolve.</summary>
    [JsonStringEnumMemberName("unreachable")]
    Unreachable,

    /// <summary>The camera refused the credentials (RTSP 401), or refused access (403).</summary>
    [JsonStringEnumMemberName("authentication_failed")]
    AuthenticationFailed,

    /// <summary>The camera has no stream at that path (RTSP 404).</summary>
    [JsonStringEnumMemberName("stream_not_found")]
    StreamNotFound,

    /// <summary>The stream has no video track (audio only, or metadata only).</summary>
    [JsonStringEnumMemberName("no_video_stream")]
    NoVideoStream,

    /// <summary>No frame arrived within the limit: the first frame after connecting, or the next one while streaming (a stall).</summary>
    [JsonStringEnumMemberName("timeout")]
    Timeout,

    /// <summary>The camera ended the stream (ffmpeg reached the end of input and exited normally).</summary>
    [JsonStringEnumMemberName("stream_ended")]
    StreamEnded,

    /// <summary>ffmpeg exited with an error that is none of the above; the message carries its exit code and last error line.</summary>
    [JsonStringEnumMemberName("ffmpeg_failed")]
    FfmpegFailed,
}
