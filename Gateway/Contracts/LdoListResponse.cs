using IngestionCluster.Grains.Abstractions.Ldos;

namespace IngestionCluster.Gateway.Contracts;

/// <summary>One page of LDOs, newest first.</summary>
public sealed record LdoListResponse(long Total, IReadOnlyList<LdoSummary> Ldos);
