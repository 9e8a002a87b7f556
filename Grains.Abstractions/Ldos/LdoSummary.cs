namespace IngestionCluster.Grains.Abstractions.Ldos;

/// <summary>One row of the LDO list.</summary>
public sealed record LdoSummary(string Id, string Status, string? Filename, DateTimeOffset CreatedAt, long SizeBytes);
