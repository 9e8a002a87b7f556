namespace IngestionCluster.Grains.Abstractions; internal static class AbstractionsPlaceholder { }
