namespace IngestionCluster.ServiceDefaults.Configuration;

/// <summary>A seed variable's value cannot be used; the message names the variable and what it expects (never the value of a secret).</summary>
public sealed class SeedValueException(string message) : Exception(message);
