using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Requests;

namespace IngestionCluster.Grains.Requests;

/// <summary>A finished RTSP capture request: the images stored and the probed stream.</summary>
internal sealed record StoredCapture(IReadOnlyList<IngestedFile> Files, VideoStreamInfo? Stream);
