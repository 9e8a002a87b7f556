namespace IngestionCluster.Storage.Staging;

/// <summary>One staged chunk: its place in the image, its bytes and when the gateway received it.</summary>
public sealed record StagedChunk(int Index, int Total, byte[] Data, DateTimeOffset ReceivedAt);
