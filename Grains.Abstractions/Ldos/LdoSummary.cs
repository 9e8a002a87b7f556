using Orleans;

namespace IngestionCluster.Grains.Abstractions.Ldos;

/// <summary>One row of the LDO list.</summary>
[GenerateSerializer, Alias("ic.LdoSummary")]
public sealed record LdoSummary([Id(0)] string Id, [Id(1)] string Status, [Id(2)] string? Filename, [Id(3)] DateTimeOffset CreatedAt, [Id(4)] long SizeBytes);
