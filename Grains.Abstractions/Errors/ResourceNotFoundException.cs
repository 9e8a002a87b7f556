namespace IngestionCluster.Grains.Abstractions.Errors;

/// <summary>The request, job, LDO or image asked for does not exist. The message names it.</summary>
public sealed class ResourceNotFoundException(string message) : Exception(message);
