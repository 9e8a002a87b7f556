namespace IngestionCluster.Bench.Cameras;

/// <summary>
/// One image a simulated camera published: when its last chunk was handed to the MQTT client
/// (<see cref="System.Diagnostics.Stopwatch"/> timestamp), its SHA-256, and whether the broker acknowledged every chunk.
/// </summary>
public sealed record PublishedImage(string CameraId, string ImageId, long LastChunkSentAt, string Sha256)
{
    public bool Acknowledged { get; set; }
}
