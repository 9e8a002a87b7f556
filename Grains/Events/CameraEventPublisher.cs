using System.Buffers;
using System.Text.Json;
using IngestionCluster.Storage.Events;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Grains.Events;

/// <summary>
/// Publishes camera events as JSON in the camera-ingest seed's shape: <c>type</c>, <c>camera_id</c>,
/// <c>timestamp</c> (Unix seconds, with milliseconds), then the event's own fields. Events are best effort: the
/// returned task ends once the event is handed to the bus, not when the bus has sent it, so a Redis that hangs (it
/// answers only after its timeout, seconds later) never holds up the frame or the image that caused the event.
/// Events of one camera still go out in the order they were published: the bus is handed them in that order.
/// </summary>
public sealed class CameraEventPublisher(ICameraEventBus bus, TimeProvider clock, ILogger<CameraEventPublisher> logger)
{
    public Task PublishAsync(string cameraId, string type, Action<Utf8JsonWriter>? fields = null, CancellationToken cancellationToken = default)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteString("camera_id", cameraId);
            writer.WriteNumber("timestamp", Math.Round(clock.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0, 3));
            fields?.Invoke(writer);
            writer.WriteEndObject();
        }
        Task sending;
        try
        {
            sending = bus.PublishAsync(cameraId, buffer.WrittenMemory, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            NotPublished(type, cameraId, e);
            return Task.CompletedTask;
        }
        if (!sending.IsCompletedSuccessfully)
        {
            _ = ObserveAsync(sending, type, cameraId);
        }
        return Task.CompletedTask;
    }

    private async Task ObserveAsync(Task sending, string type, string cameraId)
    {
        try
        {
            await sending.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // A publisher that gave up waiting (its silo is stopping) has nothing more to say about an event.
            if (e is not OperationCanceledException)
            {
                NotPublished(type, cameraId, e);
            }
        }
    }

    // A lost event never fails the ingestion that caused it.
    private void NotPublished(string type, string cameraId, Exception e) =>
        logger.LogWarning("Event {EventType} of camera {CameraId} not published: {Error}", type, cameraId, e.Message);
}
