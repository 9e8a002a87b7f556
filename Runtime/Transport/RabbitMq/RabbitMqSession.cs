using RabbitMQ.Client;

namespace IngestionCluster.Runtime.Transport.RabbitMq;

/// <summary>Everything that lives and dies with one broker connection.</summary>
internal sealed record RabbitMqSession(IConnection Connection, ChannelPublisher Confirming, ChannelPublisher Plain);
