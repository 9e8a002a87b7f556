namespace IngestionCluster.Runtime;

/// <summary>The broker connection is down: the call was not sent (or its reply can no longer arrive). Safe to retry later.</summary>
public sealed class ClusterUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
