namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>A partial update of a camera's settings; null fields stay as they are.</summary>
public sealed record CameraSettingsPatch(
    string? SourceUrl = null,
    double? Fps = null,
    int? BufferSize = null,
    MotionConfig? Motion = null,
    PersistencePolicy? Persist = null)
{
    public CameraRegistration ApplyTo(CameraRegistration current) => current with
    {
        SourceUrl = SourceUrl ?? current.SourceUrl,
        Fps = Fps ?? current.Fps,
        BufferSize = BufferSize ?? current.BufferSize,
        Motion = Motion ?? current.Motion,
        Persist = Persist ?? current.Persist,
    };
}
