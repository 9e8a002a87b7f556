namespace IngestionCluster.Gateway.Contracts;

/// <summary>A way into the cluster.</summary>
/// <param name="Kind"><c>http</c>: a process serving this API (the standalone silo, or a cluster-mode gateway); <c>orleans</c>: a silo's endpoint for Orleans clients.</param>
/// <param name="Name">The process or silo name.</param>
/// <param name="Address">Where it is reached.</param>
/// <param name="Status">What is known of it: <c>serving</c> for the process that answered, the silo's status otherwise.</param>
public sealed record GatewaySummary(string Kind, string Name, string Address, string Status);
