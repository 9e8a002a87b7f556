using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace IngestionCluster.Grains.Rtsp;

/// <summary>This silo's <see cref="IRtspCapacityService"/>: reads its <see cref="RtspCapacity"/>.</summary>
[Reentrant]
internal sealed class RtspCapacityService(GrainId grainId, Silo silo, ILoggerFactory loggerFactory, RtspCapacity capacity)
    : GrainService(grainId, silo, loggerFactory), IRtspCapacityService
{
    public Task<int> FreeStreamSlots() => Task.FromResult(capacity.FreeSlots);
}
