namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>What a camera is and how it is handled. Source URLs may hold credentials: they are never logged or returned unmasked.</summary>
public sealed record CameraRegistration(
    CameraSourceType SourceType,
    string? SourceUrl = null,
    double Fps = 1,
    int BufferSize = CameraRegistration.DefaultBufferSize,
    MotionConfig? Motion = null,
    PersistencePolicy? Persist = null)
{
    public const int DefaultBufferSize = 30;
    public const int MaxBufferSize = 600;
    public const double MaxFps = 60;

    public MotionConfig EffectiveMotion => Motion ?? MotionConfig.Default;

    public PersistencePolicy EffectivePersist => Persist ?? PersistencePolicy.Default;

    /// <summary>The first rule this registration breaks, or null.</summary>
    public string? Problem()
    {
        if (SourceType == CameraSourceType.Rtsp)
        {
            if (string.IsNullOrWhiteSpace(SourceUrl))
            {
                return "source_url is required for an rtsp camera";
            }
            if (!Uri.TryCreate(SourceUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("rtsp" or "rtsps"))
            {
                return "source_url must be an rtsp:// or rtsps:// URL";
            }
        }
        if (double.IsNaN(Fps) || Fps <= 0 || Fps > MaxFps)
        {
            return $"fps must be greater than 0 and at most {MaxFps}";
        }
        if (BufferSize is < 1 or > MaxBufferSize)
        {
            return $"buffer_size must be between 1 and {MaxBufferSize}";
        }
        return EffectiveMotion.Problem() ?? EffectivePersist.Problem();
    }
}
