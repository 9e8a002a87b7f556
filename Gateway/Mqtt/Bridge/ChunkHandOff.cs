using IngestionCluster.Gateway.Mqtt.Client;
using IngestionCluster.Grains.Abstractions.DeadLetters;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Sessions;

namespace IngestionCluster.Gateway.Mqtt.Bridge;

/// <summary>
/// Hands one message to the cluster: a valid chunk to its camera grain, whose capture session stages it
/// durably before answering; anything else to the dead letters. It throws while the cluster cannot be
/// reached, and then nothing may be acknowledged.
/// </summary>
internal sealed class ChunkHandOff(IGrainFactory grains, TopicCameraLevel topicLevel, int maxPayloadBytes, TimeSpan attemptTimeout, TimeProvider clock)
{
    public async Task<HandOffOutcome> HandAsync(ReceivedMqttMessage message, CancellationToken cancellationToken)
    {
        var receivedAt = clock.GetUtcNow();
        var topicCameraId = topicLevel.CameraIdOf(message.Topic);
        var parsed = message.Payload.Length > maxPayloadBytes
            ? ParsedChunk.Rejected(BridgeRejection.TooLarge, $"the payload is {message.Payload.Length} bytes; Mqtt:MaxPacketBytes allows {maxPayloadBytes}")
            : ChunkPayloadParser.Parse(message.Payload.Span, topicCameraId, receivedAt);
        if (parsed.Chunk is not { } chunk)
        {
            await grains.GetDeadLetters().Record(new DeadLetter(0, "mqtt", message.Topic, topicCameraId, parsed.Rejection!, parsed.Detail ?? string.Empty,
                message.Payload.Length, receivedAt)).WaitAsync(cancellationToken).ConfigureAwait(false);
            return new HandOffOutcome(parsed.Rejection, parsed.Detail);
        }
        // A TimeoutException here is retried by the bridge; the call it gave up on may still stage the chunk, which the retry then finds as a duplicate.
        var receipt = await grains.GetCamera(chunk.CameraId).ReceiveChunk(chunk).WaitAsync(attemptTimeout, clock, cancellationToken).ConfigureAwait(false);
        if (!receipt.MayAcknowledge)
        {
            throw new ChunkNotTakenException(chunk.CameraId, receipt.Outcome.ToString());
        }
        return receipt.Outcome == ChunkOutcome.Rejected ? new HandOffOutcome(receipt.Reason ?? "rejected", "refused by the camera grain") : HandOffOutcome.Accepted;
    }
}
