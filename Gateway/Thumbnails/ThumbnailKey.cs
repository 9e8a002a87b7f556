namespace IngestionCluster.Gateway.Thumbnails;

/// <summary>One thumbnail: of which image, made from which bytes, how wide.</summary>
public readonly record struct ThumbnailKey(string ImageId, string Sha256, int Width);
