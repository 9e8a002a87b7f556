using System.Text.Json;
using Orleans;

namespace IngestionCluster.Grains.Abstractions.Ldos;

/// <summary>A labelled data object for ML pipelines: free-form sensor data, context and prediction, and an optional video.</summary>
[GenerateSerializer, Alias("ic.LdoSubmission")]
public sealed record LdoSubmission([Id(0)] JsonElement? SensorData, [Id(1)] JsonElement? Context, [Id(2)] JsonElement? Prediction, [Id(3)] LdoVideo? Video);
