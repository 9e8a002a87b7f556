namespace IngestionCluster.Grains; internal static class GrainsPlaceholder { }
