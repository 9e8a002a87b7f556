using Orleans;

namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>What a camera is and how it is handled. Source URLs may hold credentials: they are never logged or returned unmasked.</summary>
[GenerateSerializer, Alias("ic.CameraRegistration")]
public sealed record CameraRegistration(
    [Id(0)] CameraSourceType SourceType,
    [Id(1)] string? SourceUrl = null,
    [Id(2)] double Fps = 1,
    [Id(3)] int BufferSize = CameraRegistration.DefaultBufferSize,
    [Id(4)] MotionConfig? Motion = null,
    [Id(5)] PersistencePolicy? Persist = null)
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
