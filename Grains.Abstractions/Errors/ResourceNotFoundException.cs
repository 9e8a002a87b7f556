using Orleans;

namespace IngestionCluster.Grains.Abstractions.Errors;

/// <summary>The request, job, LDO or image asked for does not exist. The message names it.</summary>
[GenerateSerializer, Alias("ic.ResourceNotFoundException")]
public sealed class ResourceNotFoundException(string message) : Exception(message);
