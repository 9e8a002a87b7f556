namespace IngestionCluster.Bench.GrainCalls;

/// <summary>Where the echo grains of the cross-process cluster are activated.</summary>
public enum EchoPlacement
{
    /// <summary>Orleans' default (resource-optimized): a grain may live on the silo the client's gateway is not, costing a silo-to-silo hop.</summary>
    Default,

    /// <summary>PreferLocalPlacement: a grain lives on the gateway silo the client routes it through.</summary>
    Local,
}
