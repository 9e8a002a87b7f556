using IngestionCluster.Grains.Abstractions.Images;

namespace IngestionCluster.Grains.Metadata;

/// <summary>
/// A frame's source as the camera-ingest seed named it in its events' <c>source</c> and its metrics' <c>source_type</c>
/// (a pushed frame is <c>http_push</c>, the name of the camera's source type), which its consumers and dashboards match.
/// </summary>
public static class SeedSourceNames
{
    public static string Of(ImageSource source) => source == ImageSource.Http ? "http_push" : MetadataStore.SourceName(source);
}
