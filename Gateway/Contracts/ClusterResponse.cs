namespace IngestionCluster.Gateway.Contracts;

/// <summary>The cluster as the operator UI shows it.</summary>
/// <param name="Mode"><c>standalone</c> or <c>cluster</c>.</param>
/// <param name="ServedBy">The HTTP process that answered this request.</param>
/// <param name="Silos">Every silo membership knows of, the live ones first.</param>
/// <param name="Gateways">The HTTP process that answered, and the silos' Orleans gateway endpoints.</param>
/// <param name="TotalActivations">Grain activations in the whole cluster.</param>
/// <param name="Dashboard">The Orleans Dashboard's path when this process serves it (admins only).</param>
public sealed record ClusterResponse(
    string Mode,
    string ServedBy,
    IReadOnlyList<SiloSummary> Silos,
    IReadOnlyList<GatewaySummary> Gateways,
    int TotalActivations,
    string? Dashboard);
