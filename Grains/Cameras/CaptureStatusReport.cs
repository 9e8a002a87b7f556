using IngestionCluster.Grains.Abstractions.Cameras;
using Orleans;

namespace IngestionCluster.Grains.Cameras;

/// <summary>A status change of a camera's capture loop, on its way into the grain.</summary>
/// <param name="Status">The new status.</param>
/// <param name="Error">With <c>Reconnecting</c>: why the attempt ended (credentials removed).</param>
/// <param name="ReasonCode">With <c>Reconnecting</c>: the snake_case failure reason.</param>
/// <param name="LostConnection">The loop had been connected (publish <c>camera.disconnected</c>).</param>
/// <param name="RetryInSeconds">The backoff before the next attempt.</param>
/// <param name="LoopId">The capture loop that reports it: a report of a loop since replaced is dropped.</param>
[GenerateSerializer, Alias("ic.CaptureStatusReport")]
public sealed record CaptureStatusReport(
    [Id(0)] CaptureStatus Status,
    [Id(1)] string? Error,
    [Id(2)] string? ReasonCode,
    [Id(3)] bool LostConnection,
    [Id(4)] double? RetryInSeconds,
    [Id(5)] Guid LoopId);
