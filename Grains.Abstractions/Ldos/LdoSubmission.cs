using System.Text.Json;
using Orleans;

namespace IngestionCluster.Grains.Abstractions.Ldos;

/// <summary>
/// A labelled data object for ML pipelines: free-form sensor data, context and prediction, and an optional video.
/// <see cref="AttemptKey"/> is shared by every attempt of one request sent with an <c>Idempotency-Key</c> (never the key
/// itself): an attempt that carries the recorded LDO's is answered with that LDO instead of refused as a taken id.
/// <see cref="Metadata"/> is the client's whole metadata object, keys beyond the three kept apart included.
/// </summary>
[GenerateSerializer, Alias("ic.LdoSubmission")]
public sealed record LdoSubmission(
    [Id(0)] JsonElement? SensorData, [Id(1)] JsonElement? Context, [Id(2)] JsonElement? Prediction, [Id(3)] LdoVideo? Video,
    [Id(4)] string? AttemptKey = null, [Id(5)] JsonElement? Metadata = null);
