using System.Text.Json.Serialization;
using IngestionCluster.Grains.Abstractions.Serialization;
using Orleans;

namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>Which frames a camera keeps in the blob store (the ring buffer keeps the latest ones regardless).</summary>
[JsonConverter(typeof(NamedEnumConverter<PersistMode>))]
[GenerateSerializer, Alias("ic.PersistMode")]
public enum PersistMode
{
    [JsonStringEnumMemberName("none")]
    None,
    [JsonStringEnumMemberName("motion")]
    Motion,
    [JsonStringEnumMemberName("all")]
    All,
    [JsonStringEnumMemberName("every_n")]
    EveryN,
}
