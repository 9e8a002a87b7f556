using System.Text.Json;
using IngestionCluster.Grains.Abstractions.Ldos;

namespace IngestionCluster.Gateway.Contracts;

/// <summary>
/// Answer of <c>GET /ingest/ldo/{ldo_id}</c> and of its LDO-seed alias <c>GET /ingest/status/{ldo_id}</c>: the seed's
/// <c>{id, status, filename, metadata, created_at, size_bytes}</c>, then this project's <c>sensor_data</c>,
/// <c>context</c>, <c>prediction</c> and <c>video</c>.
/// </summary>
/// <param name="Filename">The video's file name, as the client sent it; null without a video.</param>
public sealed record LdoResponse(
    string Id, string Status, string? Filename, JsonElement? Metadata, DateTimeOffset CreatedAt, long SizeBytes,
    JsonElement? SensorData, JsonElement? Context, JsonElement? Prediction, LdoVideo? Video)
{
    public static LdoResponse From(LdoInfo ldo) => new(ldo.Id, ldo.Status, ldo.Video?.Filename, ldo.Metadata, ldo.CreatedAt, ldo.SizeBytes,
        ldo.SensorData, ldo.Context, ldo.Prediction, ldo.Video);
}
