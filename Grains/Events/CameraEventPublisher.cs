using System.Buffers;
using System.Text.Json;
using IngestionCluster.Storage.Events;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Grains.Events;

/// <summary>
/// Publishes camera events as JSON in the camera-ingest seed's shape: <c>type</c>, <c>camera_id</c>,
/// <c>timestamp</c> (Unix seconds, with milliseconds), then the event's own fields.
/// </summary>
public sealed class CameraEventPublisher(ICameraEventBus bus, TimeProvider clock, ILogger<CameraEventPublisher> logger)
{
    public async Task PublishAsync(string cameraId, string type, Action<Utf8JsonWriter>? fields = null, CancellationToken cancellationToken = default)
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
        try
        {
            await bus.PublishAsync(cameraId, buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Events are best effort: a lost event never fails the ingestion that caused it.
            logger.LogWarning("Event {EventType} of camera {CameraId} not published: {Error}", type, cameraId, e.Message);
        }
    }
}
