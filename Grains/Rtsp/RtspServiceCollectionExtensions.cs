using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Grains.Rtsp;

/// <summary>Registers RTSP capture: <see cref="RtspOptions"/> from section <c>Rtsp</c> (validated at start-up) and the per-silo singletons.</summary>
public static class RtspServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="RtspOptions"/>, <see cref="RtspCapacity"/>, <see cref="RtspStreamProbe"/>,
    /// <see cref="RtspCaptureLoopFactory"/> and <see cref="RtspSnapshotCapture"/> as singletons. ffmpeg and
    /// ffprobe are looked up on first use, so a silo without RTSP cameras starts without them.
    /// </summary>
    public static IServiceCollection AddRtspCapture(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RtspOptions>()
            .Bind(configuration.GetSection(RtspOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RtspOptions>, RtspOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RtspCapacity>();
        services.TryAddSingleton<RtspStreamProbe>();
        services.TryAddSingleton<RtspCaptureLoopFactory>();
        services.TryAddSingleton<RtspSnapshotCapture>();
        services.TryAddSingleton<Requests.IRtspCaptureExecutor, RtspSnapshotCaptureExecutor>();
        return services;
    }
}
