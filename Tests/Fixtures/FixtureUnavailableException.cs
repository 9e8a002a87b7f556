namespace IngestionCluster.Tests.Fixtures;

/// <summary>A server a test needs could not be found or started. Never a skip: the test fails with this message.</summary>
public sealed class FixtureUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
