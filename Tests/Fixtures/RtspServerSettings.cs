namespace IngestionCluster.Tests.Fixtures;

/// <summary>
/// What an <see cref="RtspServer"/> serves: picture size, frame rate, whether it requires basic auth, and how
/// many video paths it serves beyond its main and second one (<see cref="RtspServer.ExtraPaths"/>).
/// </summary>
public sealed record RtspServerSettings(int Width = 640, int Height = 360, int Fps = 10, bool RequireAuth = false, int ExtraPathCount = 0);
