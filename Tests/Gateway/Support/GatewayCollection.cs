namespace IngestionCluster.Tests.Gateway.Support;

/// <summary>The API tests share two gateways (standalone and cluster) and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayHosts>
{
    public const string Name = "gateway";
}
