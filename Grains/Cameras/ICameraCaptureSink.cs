using IngestionCluster.Grains.Abstractions.Cameras;
using Orleans;

namespace IngestionCluster.Grains.Cameras;

/// <summary>
/// How a camera's own RTSP capture loop, which runs outside the grain's turns, hands frames and status
/// changes (and the probed stream) back to the grain: as calls to itself, so they run as turns, each with the id of
/// the loop that makes it. Nothing else calls it.
/// </summary>
[Alias("ic.ICameraCaptureSink")]
public interface ICameraCaptureSink : IGrainWithStringKey
{
    [Alias("IngestCapturedFrame")]
    Task IngestCapturedFrame(CaptureFrame frame);

    [Alias("ReportCaptureStatus")]
    Task ReportCaptureStatus(CaptureStatusReport report);

    [Alias("ReportCaptureStream")]
    Task ReportCaptureStream(VideoStreamInfo stream, Guid loopId);
}
