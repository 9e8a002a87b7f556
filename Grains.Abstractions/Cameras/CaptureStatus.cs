using System.Text.Json.Serialization;
using IngestionCluster.Grains.Abstractions.Serialization;
using Orleans;

namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>State of an RTSP camera's capture loop.</summary>
[JsonConverter(typeof(NamedEnumConverter<CaptureStatus>))]
[GenerateSerializer, Alias("ic.CaptureStatus")]
public enum CaptureStatus
{
    [JsonStringEnumMemberName("not_applicable")]
    NotApplicable,
    [JsonStringEnumMemberName("starting")]
    Starting,
    [JsonStringEnumMemberName("connected")]
    Connected,
    [JsonStringEnumMemberName("reconnecting")]
    Reconnecting,
    [JsonStringEnumMemberName("waiting_for_capacity")]
    WaitingForCapacity,
    [JsonStringEnumMemberName("stopped")]
    Stopped,
}
