using Orleans;

namespace IngestionCluster.Grains.Abstractions.Imaging;

/// <summary>The stored image cannot be scaled: it is not a JPEG, is too large, or its bytes are corrupt.</summary>
[GenerateSerializer, Alias("ic.ThumbnailUnsupportedException")]
public sealed class ThumbnailUnsupportedException(string message) : Exception(message);
