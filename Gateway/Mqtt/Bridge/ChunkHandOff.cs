using IngestionCluster.Gateway.Mqtt.Client;
using IngestionCluster.Grains.Abstractions.DeadLetters;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Sessions;

namespace IngestionCluster.Gateway.Mqtt.Bridge;

/// <summary>
/// Hands messages to the cluster: valid chunks to their camera grain, whose capture session stages them
/// durably before answering; anything else to the dead letters. It throws while the cluster cannot be
/// reached, and then nothing may be acknowledged.
/// </summary>
internal sealed class ChunkHandOff(IGrainFactory grains, TopicCameraLevel topicLevel, int maxPayloadBytes, TimeSpan attemptTimeout, TimeProvider clock)
{
    /// <summary>
    /// One outcome per message, in the messages' order; every one of them may then be acknowledged.
    /// <paramref name="retry"/>: an earlier attempt with these messages failed, and may have staged some of them.
    /// </summary>
    public async Task<HandOffOutcome[]> HandAsync(IReadOnlyList<ReceivedMqttMessage> messages, bool retry, CancellationToken cancellationToken)
    {
        var parsed = messages.Select(message => Parse(message, retry || message.Duplicate)).ToArray();
        var outcomes = new HandOffOutcome[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            if (parsed[i].Chunk is not { } first)
            {
                continue;
            }
            // A camera's chunks that follow each other go in one call.
            var run = Enumerable.Range(i, messages.Count - i).TakeWhile(j => parsed[j].Chunk?.CameraId == first.CameraId).ToArray();
            // A TimeoutException here is retried by the bridge; the call it gave up on may still stage the chunks, which the retry then finds as duplicates.
            var receipts = await grains.GetCamera(first.CameraId).ReceiveChunks([.. run.Select(j => parsed[j].Chunk!)])
                .WaitAsync(attemptTimeout, clock, cancellationToken).ConfigureAwait(false);
            for (var k = 0; k < run.Length; k++)
            {
                var receipt = receipts[k];
                if (!receipt.MayAcknowledge)
                {
                    throw new ChunkNotTakenException(first.CameraId, receipt.Outcome.ToString());
                }
                outcomes[run[k]] = receipt.Outcome == ChunkOutcome.Rejected ? new HandOffOutcome(receipt.Reason ?? "rejected", "refused by the camera grain") : HandOffOutcome.Accepted;
            }
            i = run[^1];
        }
        for (var i = 0; i < messages.Count; i++)
        {
            if (parsed[i] is { Chunk: null, Rejection: { } rejection, Detail: var detail })
            {
                outcomes[i] = await RecordAsync(messages[i], rejection, detail ?? string.Empty, cancellationToken).ConfigureAwait(false);
            }
        }
        return outcomes;
    }

    /// <summary>
    /// Records <paramref name="message"/> as a dead letter; it may then be acknowledged. Recording the same delivery again
    /// (a retry after a record whose answer was lost) adds no row.
    /// </summary>
    public async Task<HandOffOutcome> RecordAsync(ReceivedMqttMessage message, string reason, string detail, CancellationToken cancellationToken)
    {
        var fingerprint = DeadLetterFingerprint.Of("mqtt", message.Topic, reason, message.ReceivedAt, null, message.Payload.Span);
        // A topic level that is no camera id is kept in the topic only: the letter's camera is one the API can look up.
        var camera = topicLevel.CameraIdOf(message.Topic) is { } level && IdRules.IsValidCameraId(level) ? level : null;
        await grains.GetDeadLetters().Record(new DeadLetter(0, "mqtt", message.Topic, camera, reason, detail,
            message.Payload.Length, message.ReceivedAt, fingerprint)).WaitAsync(attemptTimeout, clock, cancellationToken).ConfigureAwait(false);
        return new HandOffOutcome(reason, detail);
    }

    private ParsedChunk Parse(ReceivedMqttMessage message, bool redelivered)
    {
        if (message.Payload.Length > maxPayloadBytes)
        {
            return ParsedChunk.Rejected(BridgeRejection.TooLarge, $"the payload is {message.Payload.Length} bytes; Mqtt:MaxPacketBytes allows {maxPayloadBytes}");
        }
        var parsed = ChunkPayloadParser.Parse(message.Payload.Span, topicLevel.CameraIdOf(message.Topic), message.ReceivedAt);
        return parsed.Chunk is { } chunk ? ParsedChunk.Ok(chunk with { Redelivered = redelivered, DeliveryId = message.PacketId, LeaderTerm = message.LeaderTerm }) : parsed;
    }
}
