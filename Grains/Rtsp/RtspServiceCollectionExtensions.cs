using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace IngestionCluster.Grains.Rtsp;

/// <summary>Registers RTSP capture: <see cref="RtspOptions"/> from section <c>Rtsp</c> (validated at start-up) and the per-silo singletons.</summary>
public static class RtspServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="RtspOptions"/>, <see cref="RtspCapacity"/>, <see cref="RtspStreamProbe"/>,
    /// <see cref="RtspCaptureLoopFactory"/>, <see cref="RtspSnapshotCapture"/> and <see cref="FreeCaptureSlotFinder"/> as singletons,
    /// and the silo's <see cref="RtspCapacityService"/>. ffmpeg and
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
        // Every silo tells the others its free capture slots; a camera waiting for one moves to the silo with the most.
        if (services.All(service => service.ServiceType != typeof(RtspCapacityClient)))
        {
            services.AddGrainService<RtspCapacityService>();
            services.AddSingleton<RtspCapacityClient>();
        }
        services.TryAddSingleton<FreeCaptureSlotFinder>();
        return services;
    }
}
