using System.Text.Json.Serialization;
using Orleans;

namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>A partial change of <see cref="PersistencePolicy"/>: fields left out stay as they are; an unknown field is refused.</summary>
[GenerateSerializer, Alias("ic.PersistencePolicyPatch")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PersistencePolicyPatch([Id(0)] PersistMode? Mode = null, [Id(1)] int? EveryN = null)
{
    public PersistencePolicy ApplyTo(PersistencePolicy current) => current with
    {
        Mode = Mode ?? current.Mode,
        EveryN = EveryN ?? current.EveryN,
    };
}
