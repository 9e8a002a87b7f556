namespace IngestionCluster.Runtime.State;

internal sealed record StoredState(string Etag, string Json);
