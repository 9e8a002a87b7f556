namespace IngestionCluster.Storage; internal static class StoragePlaceholder { }
