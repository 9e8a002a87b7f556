namespace IngestionCluster.Grains.Abstractions.Sessions;

public sealed record SessionStatus(string CameraId, string SessionId, int Total, int Received, bool Completed, bool Stale, string? ImageId);
