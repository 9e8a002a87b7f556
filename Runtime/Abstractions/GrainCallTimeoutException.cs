namespace IngestionCluster.Runtime;

/// <summary>A grain call got no answer within its timeout.</summary>
public sealed class GrainCallTimeoutException(string message) : TimeoutException(message);
