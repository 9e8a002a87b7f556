namespace IngestionCluster.Gateway.Contracts;

/// <summary>One silo as Orleans' membership and grain statistics see it.</summary>
/// <param name="Name">The silo's name (<c>Cluster__SiloName</c>).</param>
/// <param name="Address">Its silo-to-silo endpoint and generation (<c>ip:port@generation</c>).</param>
/// <param name="HostName">The machine it runs on.</param>
/// <param name="Status">Orleans' membership status: active, joining, shutting_down, stopping, dead, ...</param>
/// <param name="Activations">Grain activations it hosts now; null when it did not answer.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="LastHeartbeatAt">When it last said it is alive in the membership table.</param>
/// <param name="GatewayEndpoint">The endpoint Orleans clients (cluster-mode gateways) connect to; null when it has none.</param>
public sealed record SiloSummary(
    string Name,
    string Address,
    string HostName,
    string Status,
    int? Activations,
    DateTimeOffset StartedAt,
    DateTimeOffset LastHeartbeatAt,
    string? GatewayEndpoint);
