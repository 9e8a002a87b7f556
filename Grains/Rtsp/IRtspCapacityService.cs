using Orleans.Services;

namespace IngestionCluster.Grains.Rtsp;

/// <summary>Runs on every silo: what its continuous captures leave free, for a camera waiting for a slot on another silo.</summary>
public interface IRtspCapacityService : IGrainService
{
    /// <summary>Slots a camera moving here now would get at once (<see cref="RtspCapacity.FreeSlots"/>).</summary>
    Task<int> FreeStreamSlots();
}
