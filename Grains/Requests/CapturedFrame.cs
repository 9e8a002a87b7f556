namespace IngestionCluster.Grains.Requests;

/// <summary>One JPEG frame of an on-request RTSP capture and when it was taken.</summary>
public sealed record CapturedFrame(byte[] Jpeg, DateTimeOffset CapturedAt);
