using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace IngestionCluster.Gateway.Events;

/// <summary>Writes a listener's events as a <c>text/event-stream</c> until the client disconnects, with heartbeat comments in quiet times.</summary>
internal static class ServerSentEvents
{
    public const string ContentType = "text/event-stream";

    public static async Task StreamAsync(HttpContext context, CameraEventListener listener, TimeSpan heartbeat, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        // Headers and a first comment at once, so clients know the stream is open before any event.
        await WriteAsync(response, ": connected\n\n", cancellationToken).ConfigureAwait(false);
        var reader = listener.Events;
        while (!cancellationToken.IsCancellationRequested)
        {
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            quiet.CancelAfter(heartbeat);
            bool more;
            try
            {
                more = await reader.WaitToReadAsync(quiet.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await WriteAsync(response, ": heartbeat\n\n", cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (!more)
            {
                return;
            }
            var batch = new StringBuilder();
            while (reader.TryRead(out var cameraEvent))
            {
                batch.Append("event: ").Append(cameraEvent.Type).Append('\n');
                foreach (var line in cameraEvent.Json.Split('\n'))
                {
                    batch.Append("data: ").Append(line.TrimEnd('\r')).Append('\n');
                }
                batch.Append('\n');
            }
            await WriteAsync(response, batch.ToString(), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        await response.WriteAsync(text, cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
