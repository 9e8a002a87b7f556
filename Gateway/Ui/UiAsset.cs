namespace IngestionCluster.Gateway.Ui;

/// <summary>One file of the operator UI, held in memory: its bytes, content type and an ETag of its content.</summary>
public sealed record UiAsset(string Path, byte[] Content, string ContentType, string ETag);
