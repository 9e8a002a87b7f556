using System.Buffers;
using System.Text.Json;
using IngestionCluster.Storage.Events;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Grains.Events;

/// <summary>
/// Publishes camera events as JSON that both kinds of readers understand: the camera-ingest seed's envelope,
/// <c>event_type</c> and <c>data</c> (<c>camera_id</c>, <c>timestamp</c> in Unix seconds with milliseconds, then the
/// event's own fields), which the seed's consumers read (<c>msg["event_type"]</c>, <c>msg["data"]["camera_id"]</c>),
/// and the same fields flat beside it with <c>type</c>, which the gateway's SSE hub, the UI and this product's
/// clients read. The fields are written twice by the same callback, into one buffer: one serialization per event.
/// Events are best effort: the
/// returned task ends once the event is handed to the bus, not when the bus has sent it, so a Redis that hangs (it
/// answers only after its timeout, seconds later) never holds up the frame or the image that caused the event.
/// Events of one camera still go out in the order they were published: the bus is handed them in that order.
/// </summary>
public sealed class CameraEventPublisher(ICameraEventBus bus, TimeProvider clock, ILogger<CameraEventPublisher> logger)
{
    /// <summary>At most one warning about lost events this often: with Redis down, every frame's event is lost.</summary>
    public static readonly TimeSpan LossWarningInterval = TimeSpan.FromSeconds(10);

    private long _nextLossWarning;
    private long _lossesNotWarned;

    public Task PublishAsync(string cameraId, string type, Action<Utf8JsonWriter>? fields = null, CancellationToken cancellationToken = default)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            var timestamp = Math.Round(clock.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0, 3);
            writer.WriteStartObject();
            // type and camera_id first: the SSE hub stops reading a payload once it has both.
            writer.WriteString("type", type);
            writer.WriteString("camera_id", cameraId);
            writer.WriteNumber("timestamp", timestamp);
            // The callback runs twice: it writes the same fields each time (it only reads the event's values).
            fields?.Invoke(writer);
            writer.WriteString("event_type", type);
            writer.WriteStartObject("data");
            writer.WriteString("camera_id", cameraId);
            writer.WriteNumber("timestamp", timestamp);
            fields?.Invoke(writer);
            writer.WriteEndObject();
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
    private void NotPublished(string type, string cameraId, Exception e)
    {
        var now = clock.GetTimestamp();
        var due = Interlocked.Read(ref _nextLossWarning);
        if (now < due || Interlocked.CompareExchange(ref _nextLossWarning, now + (long)(LossWarningInterval.TotalSeconds * clock.TimestampFrequency), due) != due)
        {
            Interlocked.Increment(ref _lossesNotWarned);
            return;
        }
        logger.LogWarning("Event {EventType} of camera {CameraId} not published: {Error} ({LostSinceLastWarning} more lost since the last such warning)",
            type, cameraId, e.Message, Interlocked.Exchange(ref _lossesNotWarned, 0));
    }
}
