using IngestionCluster.Storage.Blobs;

namespace IngestionCluster.Gateway.Streaming;

/// <summary>A body the gateway streamed to the blob store: what was written and the client's file name.</summary>
internal sealed record StreamedBlob(BlobWriteResult Written, string FileName);
