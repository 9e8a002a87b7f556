using System.Text.Json;

namespace IngestionCluster.Grains.Abstractions.Ldos;

/// <summary>A labelled data object for ML pipelines: free-form sensor data, context and prediction, and an optional video.</summary>
public sealed record LdoSubmission(JsonElement? SensorData, JsonElement? Context, JsonElement? Prediction, LdoVideo? Video);
