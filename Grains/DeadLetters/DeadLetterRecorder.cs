using IngestionCluster.Grains.Abstractions.DeadLetters;
using IngestionCluster.Grains.Abstractions.Sessions;
using IngestionCluster.Grains.Telemetry;
using IngestionCluster.ServiceDefaults.Logging;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Grains.DeadLetters;

/// <summary>
/// Records a message that can never succeed: a row in the dead-letter table and a warning. The row is
/// committed before the caller acknowledges the message. Each side counts its own refusals once: chunks the
/// grains refuse in <c>ingest_chunks_rejected</c> (here), messages the bridge refuses in its own counter.
/// </summary>
public sealed class DeadLetterRecorder(DeadLetterStore store, TimeProvider clock, ILogger<DeadLetterRecorder> logger)
{
    public async Task RecordAsync(DeadLetter letter)
    {
        logger.LogWarning("Dead letter from {Source} ({Topic}, camera {CameraId}): {Reason}: {Detail}",
            letter.Source, LogSafe.Topic(letter.Topic ?? "-"), LogSafe.Topic(letter.CameraId ?? "-"), letter.Reason, letter.Detail);
        await store.AddAsync(letter, CancellationToken.None).ConfigureAwait(false);
    }

    public Task RecordChunkAsync(ImageChunk chunk, string reason, string detail)
    {
        IngestMetrics.ChunkRejected(reason);
        var topic = $"camera/{chunk.CameraId}/image_json";
        var receivedAt = chunk.ReceivedAt ?? clock.GetUtcNow();
        return RecordAsync(new DeadLetter(0, "mqtt", topic, chunk.CameraId, reason, detail, chunk.Data?.Length ?? 0, receivedAt,
            DeadLetterFingerprint.Of("mqtt", topic, reason, receivedAt, $"{chunk.ImageId}/{chunk.Index}/{chunk.Total}", chunk.Data)));
    }
}
