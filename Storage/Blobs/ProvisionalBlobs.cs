namespace IngestionCluster.Storage.Blobs;

/// <summary>
/// Where a write waits whose final key is not known yet when its bytes arrive (a video sent before the metadata that
/// names its LDO). A provisional blob lives only as long as its request: it is moved to its final key or deleted.
/// One still there after <c>Storage__AbandonedWriteAge</c> belongs to a process that died, and the silos' sweep removes it.
/// </summary>
public static class ProvisionalBlobs
{
    /// <summary>The folder: outside every folder of final keys, so no id can collide with a provisional blob.</summary>
    public const string Folder = "incoming";

    /// <summary>The provisional key of a blob of <paramref name="kind"/> (e.g. <c>ldos</c>) named <paramref name="name"/>.</summary>
    public static BlobKey KeyFor(string kind, string name) => BlobKey.From(Folder, kind, name);

    /// <summary>The folder as a key, for listing.</summary>
    public static BlobKey FolderKey { get; } = BlobKey.From(Folder);
}
