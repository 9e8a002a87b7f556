namespace IngestionCluster.Runtime;

/// <summary>Returns references (proxies) to grains; usable from grains and from clients that host none.</summary>
public interface IGrainFactory
{
    TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey;
}
