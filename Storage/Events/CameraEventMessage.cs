namespace IngestionCluster.Storage.Events;

/// <summary>One published camera event: the camera it is about and its JSON payload.</summary>
public sealed record CameraEventMessage(string CameraId, ReadOnlyMemory<byte> Payload);
