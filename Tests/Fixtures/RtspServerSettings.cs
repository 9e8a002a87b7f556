namespace IngestionCluster.Tests.Fixtures;

/// <summary>What an <see cref="RtspServer"/> serves: picture size, frame rate, and whether it requires basic auth.</summary>
public sealed record RtspServerSettings(int Width = 640, int Height = 360, int Fps = 10, bool RequireAuth = false);
