using Orleans;

namespace IngestionCluster.Grains.Abstractions.Errors;

/// <summary>The call conflicts with what already exists under that id (e.g. an LDO id taken by another object).</summary>
[GenerateSerializer, Alias("ic.ResourceConflictException")]
public sealed class ResourceConflictException(string message) : Exception(message);
