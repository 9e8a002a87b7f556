using Orleans;

namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>What a camera is and how it is handled. Source URLs may hold credentials: they are never logged or returned unmasked.</summary>
[GenerateSerializer, Alias("ic.CameraRegistration")]
public sealed record CameraRegistration(
    [Id(0)] CameraSourceType SourceType,
    [Id(1)] string? SourceUrl = null,
    [Id(2)] double Fps = CameraRegistration.DefaultFps,
    [Id(3)] int BufferSize = CameraRegistration.DefaultBufferSize,
    [Id(4)] MotionConfig? Motion = null,
    [Id(5)] PersistencePolicy? Persist = null)
{
    public const double DefaultFps = 1;
    public const int DefaultBufferSize = 30;
    public const int MaxBufferSize = 600;
    public const double MaxFps = 60;
    public const int MaxSourceUrlLength = 2048;

    public MotionConfig EffectiveMotion => Motion ?? MotionConfig.Default;

    public PersistencePolicy EffectivePersist => Persist ?? PersistencePolicy.Default;

    /// <summary>The first rule this registration breaks, or null.</summary>
    public string? Problem()
    {
        if (SourceUrl is { } url && SourceUrlProblem(url) is { } urlProblem)
        {
            return urlProblem;
        }
        if (SourceType.IsStreamed())
        {
            var schemes = SourceType.UrlSchemes();
            if (string.IsNullOrWhiteSpace(SourceUrl))
            {
                return $"source_url is required for an {SourceType.Name()} camera";
            }
            if (!Uri.TryCreate(SourceUrl, UriKind.Absolute, out var uri) || !schemes.Contains(uri.Scheme))
            {
                return $"source_url must be an {schemes[0]}:// or {schemes[1]}:// URL";
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

    /// <summary>
    /// Whatever the source type, the URL is saved and listed as text: what PostgreSQL cannot store (U+0000, an unpaired
    /// surrogate) would be refused only at the list row, after the camera was saved. The problem never quotes the URL.
    /// </summary>
    private static string? SourceUrlProblem(string url)
    {
        if (url.Length > MaxSourceUrlLength)
        {
            return $"source_url has {url.Length} characters; at most {MaxSourceUrlLength} are allowed";
        }
        if (url.Any(char.IsControl))
        {
            return "source_url may not contain control characters (U+0000 to U+001F, U+007F to U+009F)";
        }
        return HasUnpairedSurrogate(url) ? "source_url may not contain an unpaired surrogate (such as \\ud800)" : null;
    }

    private static bool HasUnpairedSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }
        return false;
    }
}
