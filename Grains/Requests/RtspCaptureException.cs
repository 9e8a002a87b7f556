namespace IngestionCluster.Grains.Requests;

/// <summary>An on-request RTSP capture failed; the message (free of credentials) becomes the request's error.</summary>
public sealed class RtspCaptureException : Exception
{
    public RtspCaptureException(string message) : base(message)
    {
    }

    public RtspCaptureException(string message, Exception? innerException) : base(message, innerException)
    {
    }
}
