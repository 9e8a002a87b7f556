using Orleans;

namespace IngestionCluster.Grains.Abstractions.Requests;

/// <summary>One ingest request (key: its request id): an upload batch or an RTSP capture, with its queryable status.</summary>
[Alias("ic.IIngestRequestGrain")]
public interface IIngestRequestGrain : IGrainWithStringKey
{
    /// <summary>Records the image rows of files the gateway already stored; the request completes at once.</summary>
    /// <exception cref="Errors.ResourceConflictException">The request id is taken.</exception>
    [Alias("SubmitUpload")]
    Task<IngestRequestInfo> SubmitUpload(UploadSubmission submission);

    /// <summary>
    /// Accepts an RTSP capture (status <c>accepted</c>); the capture runs in the background
    /// (<c>processing</c>) and stores every frame as an image (<c>completed</c>) or records why it <c>failed</c>.
    /// </summary>
    /// <exception cref="Errors.ResourceConflictException">The request id is taken.</exception>
    [Alias("SubmitRtspCapture")]
    Task<IngestRequestInfo> SubmitRtspCapture(RtspCaptureSpec spec);

    /// <summary>The request, or null when there is none with this id.</summary>
    [Alias("GetStatus")]
    Task<IngestRequestInfo?> GetStatus();
}
