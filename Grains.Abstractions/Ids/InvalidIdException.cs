using Orleans;

namespace IngestionCluster.Grains.Abstractions.Ids;

/// <summary>An id that may not reach a blob key, a SQL row or a topic. The message says which rule it broke.</summary>
[GenerateSerializer, Alias("ic.InvalidIdException")]
public sealed class InvalidIdException(string message) : ArgumentException(message);
