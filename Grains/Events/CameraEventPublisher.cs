using System.Buffers;
using System.Text.Json;
using IngestionCluster.Grains.Abstractions.Events;
using IngestionCluster.Runtime.Transport;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Grains.Events;

/// <summary>Publishes camera events as JSON (<c>type</c>, <c>camera_id</c>, <c>timestamp</c>, then the event's fields).</summary>
public sealed class CameraEventPublisher(IEventBus bus, TimeProvider clock, ILogger<CameraEventPublisher> logger)
{
    public async Task PublishAsync(string cameraId, string type, Action<Utf8JsonWriter>? fields = null, CancellationToken cancellationToken = default)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteString("camera_id", cameraId);
            writer.WriteString("timestamp", clock.GetUtcNow());
            fields?.Invoke(writer);
            writer.WriteEndObject();
        }
        try
        {
            await bus.PublishAsync(CameraEventTypes.RoutingKey(cameraId, type), buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Events are best effort: a lost event never fails the ingestion that caused it.
            logger.LogWarning("Event {EventType} of camera {CameraId} not published: {Error}", type, cameraId, e.Message);
        }
    }
}
