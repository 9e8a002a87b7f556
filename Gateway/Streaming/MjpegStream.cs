using System.Globalization;
using System.Text;
using IngestionCluster.Gateway.Events;
using IngestionCluster.Grains.Abstractions.Cameras;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace IngestionCluster.Gateway.Streaming;

/// <summary>
/// A camera's live frames as <c>multipart/x-mixed-replace</c> (MJPEG over HTTP, which browsers show in an
/// <c>&lt;img&gt;</c> and VLC plays): each part is the camera's latest frame, written when the camera announces a frame
/// (or, without frame events, when a poll finds a new one). A client that reads slowly skips frames instead of
/// falling behind: only the latest is ever sent.
/// </summary>
internal static class MjpegStream
{
    private const string Boundary = "frame";

    public const string ContentType = "multipart/x-mixed-replace; boundary=" + Boundary;

    public static async Task WriteAsync(HttpResponse response, ICameraGrain camera, CameraEventListener listener, TimeSpan poll, CancellationToken cancellationToken)
    {
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        // Headers at once, so the client knows the stream is open before the camera's first frame.
        await response.StartAsync(cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        long? sent = null;
        do
        {
            if (await LatestFrameAsync(camera, cancellationToken).ConfigureAwait(false) is { } frame && frame.Sequence != sent)
            {
                await WritePartAsync(response, frame, cancellationToken).ConfigureAwait(false);
                sent = frame.Sequence;
            }
        }
        while (await NextFrameMayBeThereAsync(listener, poll, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The latest frame; null also while the cluster cannot answer (a silo failing over), which the next look retries.</summary>
    private static async Task<LatestFrame?> LatestFrameAsync(ICameraGrain camera, CancellationToken cancellationToken)
    {
        try
        {
            return await camera.GetLatestFrame().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }

    private static async Task WritePartAsync(HttpResponse response, LatestFrame frame, CancellationToken cancellationToken)
    {
        var timestamp = (frame.Timestamp.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
        var header = Encoding.ASCII.GetBytes(
            $"--{Boundary}\r\nContent-Type: image/jpeg\r\nContent-Length: {frame.Jpeg.Length.ToString(CultureInfo.InvariantCulture)}\r\n" +
            $"X-Frame-Sequence: {frame.Sequence.ToString(CultureInfo.InvariantCulture)}\r\nX-Frame-Timestamp: {timestamp}\r\n\r\n");
        await response.Body.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        await response.Body.WriteAsync(frame.Jpeg, cancellationToken).ConfigureAwait(false);
        await response.Body.WriteAsync("\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits for an event of the camera, or the poll interval; false once the listener ended (the gateway stops).</summary>
    private static async Task<bool> NextFrameMayBeThereAsync(CameraEventListener listener, TimeSpan poll, CancellationToken cancellationToken)
    {
        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        quiet.CancelAfter(poll);
        try
        {
            if (!await listener.Events.WaitToReadAsync(quiet.Token).ConfigureAwait(false))
            {
                return false;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return true;
        }
        while (listener.Events.TryRead(out _))
        {
            // One look at the latest frame answers every event that came meanwhile.
        }
        return true;
    }
}
