using System.Text.Json;

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
public sealed record LdoInfo(
    string Id,
    string Status,
    DateTimeOffset CreatedAt,
    long SizeBytes,
    JsonElement? SensorData,
    JsonElement? Context,
    JsonElement? Prediction,
    LdoVideo? Video);
