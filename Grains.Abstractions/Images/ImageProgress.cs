using Orleans;

namespace IngestionCluster.Grains.Abstractions.Images;

/// <summary>
/// How far an MQTT image (named by its <c>image_id</c>) has come: <c>receiving</c> while chunks arrive,
/// <c>stored</c> once its blob and row are durable, <c>stale</c> when it stopped arriving incomplete.
/// </summary>
[GenerateSerializer, Alias("ic.ImageProgress")]
public sealed record ImageProgress(
    [Id(0)] string ImageId,
    [Id(1)] string CameraId,
    [Id(2)] string Status,
    [Id(3)] int Received,
    [Id(4)] int Total,
    [Id(5)] IReadOnlyList<int> Missing,
    [Id(6)] DateTimeOffset? FirstChunkAt,
    [Id(7)] DateTimeOffset? LastChunkAt,
    [Id(8)] ImageRecord? StoredImage)
{
    public const string Receiving = "receiving";
    public const string Stored = "stored";
    public const string StaleStatus = "stale";
}
