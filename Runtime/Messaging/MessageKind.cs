namespace IngestionCluster.Runtime.Messaging;

internal enum MessageKind : byte
{
    /// <summary>A call whose caller waits for a reply.</summary>
    Request = 1,
    /// <summary>A call acknowledged to the caller once it is durably queued.</summary>
    OneWay = 2,
    /// <summary>Sent by a silo to a partition it claims, so that it learns when it becomes the active consumer.</summary>
    WakePartition = 3,
}
