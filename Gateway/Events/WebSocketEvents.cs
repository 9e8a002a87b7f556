using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace IngestionCluster.Gateway.Events;

/// <summary>
/// Sends a listener's events over a WebSocket, one text message per event holding the payload JSON as published
/// (the camera-ingest seed's <c>/api/events</c> socket sent <c>{"event_type", "data"}</c> the same way). Messages
/// from the client are read and ignored, as the seed did; its close ends the stream. Keep-alive pings come from
/// the WebSocket middleware.
/// </summary>
internal static class WebSocketEvents
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Why the server ends a stream, as the close frame says it.</summary>
    public enum EndReason
    {
        ClientLeft,
        CredentialsExpired,
        ServerStopping,
    }

    public static async Task StreamAsync(HttpContext context, CameraEventListener listener, Func<EndReason> whyEnded, CancellationToken cancellationToken)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        using var clientGone = new CancellationTokenSource();
        // Not cancelled with the stream: a cancelled receive or send aborts the socket, and the close frame needs it.
        var reading = ReadUntilClosedAsync(socket, clientGone);
        try
        {
            await SendEventsAsync(socket, listener, clientGone.Token, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The client left or closed, the credentials expired, or the process stops: the stream ends.
        }
        var reason = clientGone.IsCancellationRequested && !cancellationToken.IsCancellationRequested ? EndReason.ClientLeft : whyEnded();
        await CloseAsync(socket, reason).ConfigureAwait(false);
        try
        {
            // The client answers the close; one that does not is cut off.
            await reading.WaitAsync(CloseTimeout, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            socket.Abort();
            await reading.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends until the stream ends (checked between messages) or the client goes. A send has <see cref="CloseTimeout"/>:
    /// a client that reads nothing for that long is cut off.
    /// </summary>
    private static async Task SendEventsAsync(WebSocket socket, CameraEventListener listener, CancellationToken clientGone, CancellationToken streamEnds)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(clientGone, streamEnds);
        var reader = listener.Events;
        while (await reader.WaitToReadAsync(waiting.Token).ConfigureAwait(false))
        {
            while (!waiting.IsCancellationRequested && reader.TryRead(out var cameraEvent))
            {
                using var sending = CancellationTokenSource.CreateLinkedTokenSource(clientGone);
                sending.CancelAfter(CloseTimeout);
                await socket.SendAsync(Encoding.UTF8.GetBytes(cameraEvent.Json), WebSocketMessageType.Text, endOfMessage: true, sending.Token).ConfigureAwait(false);
            }
            waiting.Token.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Reads, and drops, what the client sends until it closes or the connection ends; then stops the sending.</summary>
    private static async Task ReadUntilClosedAsync(WebSocket socket, CancellationTokenSource clientGone)
    {
        var buffer = new byte[1024];
        try
        {
            while ((await socket.ReceiveAsync(buffer, CancellationToken.None).ConfigureAwait(false)).MessageType != WebSocketMessageType.Close)
            {
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The connection dropped, or the socket was aborted (an aborted receive reports a cancellation).
        }
        finally
        {
            await clientGone.CancelAsync().ConfigureAwait(false);
        }
    }

    private static async Task CloseAsync(WebSocket socket, EndReason reason)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }
        var (status, description) = reason switch
        {
            EndReason.CredentialsExpired => (WebSocketCloseStatus.PolicyViolation, "credentials expired; reconnect with valid credentials"),
            EndReason.ServerStopping => (WebSocketCloseStatus.EndpointUnavailable, "the gateway is stopping; reconnect"),
            _ => (WebSocketCloseStatus.NormalClosure, "closed"),
        };
        using var timeout = new CancellationTokenSource(CloseTimeout);
        try
        {
            await socket.CloseOutputAsync(status, description, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The client is gone; nothing is left to tell it.
        }
    }
}
