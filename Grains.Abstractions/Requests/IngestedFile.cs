using Orleans;

namespace IngestionCluster.Grains.Abstractions.Requests;

/// <summary>One stored image of an ingest request: where its bytes are and what they hash to.</summary>
/// <param name="Filename">The client's file name (uploads) or a generated one (captured frames); never used in a key or path.</param>
/// <param name="ImageId">The image's id (its metadata row).</param>
/// <param name="ObjectKey">The blob key of the bytes.</param>
/// <param name="Sha256">SHA-256 of the bytes, lowercase hex.</param>
/// <param name="SizeBytes">Size of the bytes.</param>
/// <param name="ContentType">Content type sniffed from the bytes.</param>
[GenerateSerializer, Alias("ic.IngestedFile")]
public sealed record IngestedFile([Id(0)] string Filename, [Id(1)] string ImageId, [Id(2)] string ObjectKey, [Id(3)] string Sha256, [Id(4)] long SizeBytes, [Id(5)] string ContentType);
