namespace IngestionCluster.Grains.Metadata;

/// <summary>A frame a camera's persistence policy kept (its bytes are the image <see cref="ImageId"/>).</summary>
public sealed record FrameRecord(string CameraId, long Sequence, string ImageId, DateTimeOffset CapturedAt, bool Motion, int Area);
