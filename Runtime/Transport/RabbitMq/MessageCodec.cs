using IngestionCluster.Runtime.Messaging;
using RabbitMQ.Client;

namespace IngestionCluster.Runtime.Transport.RabbitMq;

/// <summary>Maps envelopes to AMQP properties and back. The body holds only the JSON arguments.</summary>
internal static class MessageCodec
{
    public static BasicProperties ToProperties(CallEnvelope envelope, string? replyTo)
    {
        var headers = new Dictionary<string, object?>
        {
            [RabbitMqHeaders.Kind] = (int)envelope.Kind,
            [RabbitMqHeaders.Key] = envelope.GrainKey,
            [RabbitMqHeaders.Method] = envelope.Method,
            [RabbitMqHeaders.Partition] = envelope.Partition,
        };
        if (envelope.DeadlineUnixMs != 0)
        {
            headers[RabbitMqHeaders.Deadline] = envelope.DeadlineUnixMs;
        }
        if (envelope.TraceParent is not null)
        {
            headers[RabbitMqHeaders.TraceParent] = envelope.TraceParent;
        }
        if (!string.IsNullOrEmpty(envelope.TraceState))
        {
            headers[RabbitMqHeaders.TraceState] = envelope.TraceState;
        }
        return new BasicProperties
        {
            Persistent = true,
            MessageId = envelope.CallId,
            CorrelationId = envelope.CallId,
            Type = envelope.GrainType,
            ContentType = "application/json",
            ReplyTo = replyTo,
            Headers = headers,
        };
    }

    public static CallEnvelope FromProperties(IReadOnlyBasicProperties properties)
    {
        var headers = properties.Headers;
        return new CallEnvelope
        {
            Kind = (MessageKind)RabbitMqHeaders.GetLong(headers, RabbitMqHeaders.Kind),
            GrainType = properties.Type ?? string.Empty,
            GrainKey = RabbitMqHeaders.GetString(headers, RabbitMqHeaders.Key) ?? string.Empty,
            Method = RabbitMqHeaders.GetString(headers, RabbitMqHeaders.Method) ?? string.Empty,
            Partition = (int)RabbitMqHeaders.GetLong(headers, RabbitMqHeaders.Partition),
            CallId = properties.CorrelationId ?? properties.MessageId ?? string.Empty,
            DeadlineUnixMs = RabbitMqHeaders.GetLong(headers, RabbitMqHeaders.Deadline),
            TraceParent = RabbitMqHeaders.GetString(headers, RabbitMqHeaders.TraceParent),
            TraceState = RabbitMqHeaders.GetString(headers, RabbitMqHeaders.TraceState),
        };
    }
}
