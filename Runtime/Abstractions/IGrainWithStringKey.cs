namespace IngestionCluster.Runtime;

/// <summary>A grain identified by a string key, e.g. a camera id.</summary>
public interface IGrainWithStringKey : IGrain;
