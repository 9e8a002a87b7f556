namespace IngestionCluster.Grains.Rtsp;

/// <summary>One JPEG frame from a camera (SOI through EOI), stamped with the silo's clock when it arrived from ffmpeg.</summary>
/// <param name="Jpeg">The whole JPEG; the array belongs to the receiver.</param>
/// <param name="ReceivedAt">When ffmpeg delivered it (silo clock, UTC).</param>
/// <param name="Sequence">1, 2, 3, ... per ffmpeg run.</param>
public sealed record RtspFrame(byte[] Jpeg, DateTimeOffset ReceivedAt, long Sequence);
