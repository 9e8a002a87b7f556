using IngestionCluster.Grains.Abstractions.Sessions;

namespace IngestionCluster.Tests.Mqtt.Bridge;

/// <summary>A fault in the cluster that hits one image only: any grain call carrying a chunk of image <see cref="ImageId"/> throws, as a bug would.</summary>
internal sealed class PoisonChunkFilter : IIncomingGrainCallFilter
{
    public const string ImageId = "poison";

    public Task Invoke(IIncomingGrainCallContext context)
    {
        for (var i = 0; i < context.Request.GetArgumentCount(); i++)
        {
            if (context.Request.GetArgument(i) is ImageChunk[] chunks && chunks.Any(chunk => chunk.ImageId == ImageId))
            {
                throw new InvalidOperationException("a fault that hits image 'poison' only");
            }
        }
        return context.Invoke();
    }
}
