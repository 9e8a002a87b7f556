using System.Text.Json;
using Orleans;

namespace IngestionCluster.Grains.Abstractions.Ldos;

/// <summary>A stored labelled data object.</summary>
/// <param name="Id">The LDO id.</param>
/// <param name="Status">Always <see cref="LdoStatus.Ingested"/> once stored.</param>
/// <param name="CreatedAt">When it was stored.</param>
/// <param name="SizeBytes">Size of the video (0 without one).</param>
/// <param name="SensorData">The client's sensor data.</param>
/// <param name="Context">The client's context.</param>
/// <param name="Prediction">The client's prediction.</param>
/// <param name="Video">The video, when one was sent.</param>
/// <param name="Metadata">The client's whole <c>metadata</c> object, every key kept (as the LDO seed stored it); null for an LDO stored before it was kept.</param>
[GenerateSerializer, Alias("ic.LdoInfo")]
public sealed record LdoInfo(
    [Id(0)] string Id,
    [Id(1)] string Status,
    [Id(2)] DateTimeOffset CreatedAt,
    [Id(3)] long SizeBytes,
    [Id(4)] JsonElement? SensorData,
    [Id(5)] JsonElement? Context,
    [Id(6)] JsonElement? Prediction,
    [Id(7)] LdoVideo? Video,
    [Id(8)] JsonElement? Metadata = null);
