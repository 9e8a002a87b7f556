namespace IngestionCluster.Grains.Cameras;

/// <summary>What the camera file import persists: per camera id, the fingerprint of the file entry it last registered.</summary>
public sealed class CameraFileImportState
{
    public Dictionary<string, string> Imported { get; set; } = new(StringComparer.Ordinal);
}
