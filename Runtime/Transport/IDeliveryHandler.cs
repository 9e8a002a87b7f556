using IngestionCluster.Runtime.Messaging;

namespace IngestionCluster.Runtime.Transport;

/// <summary>Receives the deliveries of one partition, one at a time, in broker order.</summary>
internal interface IDeliveryHandler
{
    ValueTask HandleAsync(Delivery delivery);
}
