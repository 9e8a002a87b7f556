using Orleans.Runtime;
using Orleans.Runtime.Services;

namespace IngestionCluster.Grains.Rtsp;

/// <summary>Asks one given silo's <see cref="IRtspCapacityService"/>.</summary>
public sealed class RtspCapacityClient(IServiceProvider services) : GrainServiceClient<IRtspCapacityService>(services)
{
    public Task<int> FreeStreamSlotsOn(SiloAddress silo) => GetGrainService(silo).FreeStreamSlots();
}
