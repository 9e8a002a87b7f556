using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using IngestionCluster.Grains.Abstractions.Events;
using IngestionCluster.Storage.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Gateway.Events;

/// <summary>
/// Subscribes to every camera event once per process, on the first SSE client, and fans each event out
/// in-process to the connected clients, filtered by the payload's <c>camera_id</c>.
/// </summary>
public sealed class CameraEventHub(ICameraEventBus bus, IOptions<EventStreamOptions> options, ILogger<CameraEventHub> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _subscribeGate = new(1, 1);
    private ImmutableArray<CameraEventListener> _listeners = [];
    private IAsyncDisposable? _subscription;

    public int ListenerCount => _listeners.Length;

    /// <summary>
    /// A new client for the events of <paramref name="cameraId"/> (null: all cameras). A <paramref name="wakeOnly"/> client
    /// only needs to know that something happened (the live MJPEG stream): it keeps the newest event, and the ones it
    /// skips are not counted as lost.
    /// </summary>
    public async Task<CameraEventListener> ListenAsync(string? cameraId, CancellationToken cancellationToken, bool wakeOnly = false)
    {
        await EnsureSubscribedAsync(cancellationToken).ConfigureAwait(false);
        var listener = new CameraEventListener(cameraId, wakeOnly ? 1 : options.Value.ClientBufferSize, countDrops: !wakeOnly,
            gone => ImmutableInterlocked.Update(ref _listeners, list => list.Remove(gone)));
        ImmutableInterlocked.Update(ref _listeners, list => list.Add(listener));
        return listener;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync().ConfigureAwait(false);
            _subscription = null;
        }
        _subscribeGate.Dispose();
    }

    private async Task EnsureSubscribedAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _subscription) is not null)
        {
            return;
        }
        await _subscribeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_subscription is null)
            {
                var subscription = await bus.SubscribeAsync(OnEventAsync, cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _subscription, subscription);
                logger.LogInformation("Subscribed to camera events for SSE clients");
            }
        }
        finally
        {
            _subscribeGate.Release();
        }
    }

    private ValueTask OnEventAsync(CameraEventMessage busEvent)
    {
        var listeners = _listeners;
        if (listeners.IsEmpty)
        {
            return ValueTask.CompletedTask;
        }
        if (!TryRead(busEvent.Payload.Span, out var type, out var cameraId))
        {
            logger.LogDebug("Camera event of camera {CameraId} without type or camera_id ignored", busEvent.CameraId);
            return ValueTask.CompletedTask;
        }
        var cameraEvent = new CameraEvent(type, cameraId, Encoding.UTF8.GetString(busEvent.Payload.Span));
        foreach (var listener in listeners)
        {
            listener.Offer(cameraEvent);
        }
        return ValueTask.CompletedTask;
    }

    private static bool TryRead(ReadOnlySpan<byte> payload, out string type, out string cameraId)
    {
        type = cameraId = string.Empty;
        try
        {
            var reader = new Utf8JsonReader(payload);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isType = reader.ValueTextEquals("type"u8);
                var isCamera = !isType && reader.ValueTextEquals("camera_id"u8);
                reader.Read();
                if ((isType || isCamera) && reader.TokenType == JsonTokenType.String)
                {
                    if (isType)
                    {
                        type = reader.GetString()!;
                    }
                    else
                    {
                        cameraId = reader.GetString()!;
                    }
                }
                else
                {
                    reader.Skip();
                }
                if (type.Length > 0 && cameraId.Length > 0)
                {
                    return true;
                }
            }
        }
        catch (JsonException)
        {
        }
        return false;
    }
}
