namespace IngestionCluster.Storage.Staging;

/// <summary>
/// One staged chunk: its place in the image, its bytes, when the gateway received it and, when known, the MQTT packet
/// identifier it was delivered under (so a camera's next activation can tell a redelivery of it from a new chunk).
/// </summary>
public sealed record StagedChunk(int Index, int Total, byte[] Data, DateTimeOffset ReceivedAt, int? DeliveryId = null);
