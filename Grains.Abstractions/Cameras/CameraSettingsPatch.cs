using System.Text.Json.Serialization;
using IngestionCluster.Grains.Abstractions.Serialization;
using Orleans;

namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>
/// A partial update of a camera's settings; null fields stay as they are, in <c>motion</c> and <c>persist</c>
/// too. A field that cannot be changed (<c>id</c>, <c>source_type</c>) or is misspelt is refused rather than
/// silently ignored.
/// </summary>
[GenerateSerializer, Alias("ic.CameraSettingsPatch")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[UnchangeableField("id", "it is the camera's address; register a camera under the new id")]
[UnchangeableField("source_type", "register the camera again (POST /api/cameras) with the new source_type")]
public sealed record CameraSettingsPatch(
    [Id(0)] string? SourceUrl = null,
    [Id(1)] double? Fps = null,
    [Id(2)] int? BufferSize = null,
    [Id(3)] MotionConfigPatch? Motion = null,
    [Id(4)] PersistencePolicyPatch? Persist = null)
{
    public CameraRegistration ApplyTo(CameraRegistration current) => current with
    {
        SourceUrl = SourceUrl ?? current.SourceUrl,
        Fps = Fps ?? current.Fps,
        BufferSize = BufferSize ?? current.BufferSize,
        Motion = Motion is null ? current.Motion : Motion.ApplyTo(current.EffectiveMotion),
        Persist = Persist is null ? current.Persist : Persist.ApplyTo(current.EffectivePersist),
    };
}
