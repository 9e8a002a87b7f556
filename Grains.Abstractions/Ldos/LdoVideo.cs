using Orleans;

namespace IngestionCluster.Grains.Abstractions.Ldos;

/// <summary>The video of a labelled data object, already streamed to the blob store by the gateway.</summary>
/// <param name="Filename">The client's file name (never used in a key or path).</param>
/// <param name="ObjectKey">The blob key.</param>
/// <param name="Sha256">SHA-256 of the bytes, lowercase hex.</param>
/// <param name="SizeBytes">Size in bytes.</param>
/// <param name="ContentType">Content type sniffed from the bytes.</param>
[GenerateSerializer, Alias("ic.LdoVideo")]
public sealed record LdoVideo([Id(0)] string Filename, [Id(1)] string ObjectKey, [Id(2)] string Sha256, [Id(3)] long SizeBytes, [Id(4)] string ContentType)
{
    /// <summary>The blob folder every LDO's videos live under, one folder per LDO: <c>ldos/{ldo_id}/…</c>.</summary>
    public const string BlobFolder = "ldos";
}
