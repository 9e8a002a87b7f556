using System.Globalization;
using System.Text;
using IngestionCluster.Gateway.Events;
using IngestionCluster.Grains.Abstractions.Cameras;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace IngestionCluster.Gateway.Streaming;

/// <summary>
/// A camera's live frames as <c>multipart/x-mixed-replace</c> (MJPEG over HTTP, which browsers show in an
/// <c>&lt;img&gt;</c>): each part is the camera's latest frame, written when the camera announces a frame (or, without
/// frame events, when a poll finds a new one). A client that reads slowly skips frames: only the latest is sent. Every
/// part is followed at once by the next boundary, since a browser shows a part only when it sees the boundary after it.
/// The stream ends when the camera is deleted.
/// </summary>
internal static class MjpegStream
{
    private const string Boundary = "frame";

    public const string ContentType = "multipart/x-mixed-replace; boundary=" + Boundary;

    private static readonly byte[] FirstBoundary = Encoding.ASCII.GetBytes($"--{Boundary}\r\n");
    private static readonly byte[] NextBoundary = Encoding.ASCII.GetBytes($"\r\n--{Boundary}\r\n");

    public static async Task WriteAsync(HttpResponse response, ICameraGrain camera, CameraEventListener listener, TimeSpan poll, CancellationToken cancellationToken)
    {
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        // Headers and the first boundary at once, so the client knows the stream is open before the camera's first frame.
        await response.Body.WriteAsync(FirstBoundary, cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        var sent = -1L;
        do
        {
            LatestFrame? frame;
            try
            {
                frame = await camera.GetLatestFrameAfter(sent).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (CameraNotFoundException)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The cluster cannot answer now (a silo failing over): the next look tries again.
                frame = null;
            }
            if (frame is not null)
            {
                await WritePartAsync(response, frame, cancellationToken).ConfigureAwait(false);
                sent = frame.Sequence;
            }
        }
        while (await NextFrameMayBeThereAsync(listener, poll, cancellationToken).ConfigureAwait(false));
    }

    private static async Task WritePartAsync(HttpResponse response, LatestFrame frame, CancellationToken cancellationToken)
    {
        var timestamp = (frame.Timestamp.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
        var headers = Encoding.ASCII.GetBytes(
            $"Content-Type: image/jpeg\r\nContent-Length: {frame.Jpeg.Length.ToString(CultureInfo.InvariantCulture)}\r\n" +
            $"X-Frame-Sequence: {frame.Sequence.ToString(CultureInfo.InvariantCulture)}\r\nX-Frame-Timestamp: {timestamp}\r\n\r\n");
        await response.Body.WriteAsync(headers, cancellationToken).ConfigureAwait(false);
        await response.Body.WriteAsync(frame.Jpeg, cancellationToken).ConfigureAwait(false);
        await response.Body.WriteAsync(NextBoundary, cancellationToken).ConfigureAwait(false);
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
        // The listener keeps only the newest event: one look at the latest frame answers whatever came.
        listener.Events.TryRead(out _);
        return true;
    }
}
