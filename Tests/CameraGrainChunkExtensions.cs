using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Sessions;

namespace IngestionCluster.Tests;

/// <summary>One chunk at a time, as a camera whose chunks never queue up at the gateway.</summary>
public static class CameraGrainChunkExtensions
{
    public static async Task<ChunkReceipt> ReceiveChunk(this ICameraGrain camera, ImageChunk chunk) => (await camera.ReceiveChunks([chunk]))[0];
}
