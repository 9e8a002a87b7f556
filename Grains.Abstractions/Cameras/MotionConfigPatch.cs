using System.Text.Json.Serialization;
using Orleans;

namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>A partial change of <see cref="MotionConfig"/>: fields left out stay as they are; an unknown field is refused.</summary>
[GenerateSerializer, Alias("ic.MotionConfigPatch")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record MotionConfigPatch(
    [Id(0)] bool? Enabled = null,
    [Id(1)] int? Threshold = null,
    [Id(2)] int? MinArea = null,
    [Id(3)] double? BackgroundRate = null,
    [Id(4)] int? WarmupFrames = null)
{
    public MotionConfig ApplyTo(MotionConfig current) => current with
    {
        Enabled = Enabled ?? current.Enabled,
        Threshold = Threshold ?? current.Threshold,
        MinArea = MinArea ?? current.MinArea,
        BackgroundRate = BackgroundRate ?? current.BackgroundRate,
        WarmupFrames = WarmupFrames ?? current.WarmupFrames,
    };
}
