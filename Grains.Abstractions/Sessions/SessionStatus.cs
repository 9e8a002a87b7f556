using Orleans;

namespace IngestionCluster.Grains.Abstractions.Sessions;

/// <summary>Where one capture session stands: chunks received of how many, which are missing, and what became of it.</summary>
/// <param name="CameraId">The camera.</param>
/// <param name="SessionId">The session (<c>img.{image_id}</c> for chunks that named their image).</param>
/// <param name="Total">Chunks the image has (0 before the first chunk).</param>
/// <param name="Received">Distinct chunks received.</param>
/// <param name="Completed">The image is stored.</param>
/// <param name="Stale">The session went stale before it was complete.</param>
/// <param name="ImageId">The stored image's id, once stored.</param>
/// <param name="Missing">Indices not received yet (empty once stored).</param>
/// <param name="FirstChunkAt">When the first chunk arrived.</param>
/// <param name="LastChunkAt">When the latest chunk arrived.</param>
[GenerateSerializer, Alias("ic.SessionStatus")]
public sealed record SessionStatus(
    [Id(0)] string CameraId,
    [Id(1)] string SessionId,
    [Id(2)] int Total,
    [Id(3)] int Received,
    [Id(4)] bool Completed,
    [Id(5)] bool Stale,
    [Id(6)] string? ImageId,
    [Id(7)] IReadOnlyList<int> Missing,
    [Id(8)] DateTimeOffset? FirstChunkAt,
    [Id(9)] DateTimeOffset? LastChunkAt);
