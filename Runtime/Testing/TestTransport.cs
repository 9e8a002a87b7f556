namespace IngestionCluster.Runtime.Testing;

public enum TestTransport
{
    InMemory,
    RabbitMq,
}
