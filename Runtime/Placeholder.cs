namespace IngestionCluster.Runtime; internal static class RuntimePlaceholder { }
