namespace IngestionCluster.Grains.Metadata;

/// <summary>A persisted frame as the camera's recall reads it back: its row and the digest of its image's bytes.</summary>
public sealed record StoredFrame(long Sequence, string ImageId, DateTimeOffset CapturedAt, bool Motion, int Area, string Sha256);
