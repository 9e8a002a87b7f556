using IngestionCluster.Grains.Abstractions.Sessions;

namespace IngestionCluster.Gateway.Mqtt.Bridge;

/// <summary>A payload that is a chunk, or the reason it is not.</summary>
public readonly record struct ParsedChunk(ImageChunk? Chunk, string? Rejection, string? Detail)
{
    public static ParsedChunk Ok(ImageChunk chunk) => new(chunk, null, null);

    public static ParsedChunk Rejected(string reason, string detail) => new(null, reason, detail);
}
