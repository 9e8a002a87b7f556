namespace IngestionCluster.Storage.Blobs;

/// <summary>
/// A blob store operation failed for good: either a permanent error (access denied, missing bucket,
/// invalid request) or a transient one (server unreachable, 5xx, throttling) that outlasted every retry.
/// Callers that can redeliver (e.g. an unacked message) should do so when <see cref="IsTransient"/> is true.
/// </summary>
public sealed class BlobStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BlobStoreException(string message, string operation, BlobKey? key, int attempts, bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        Operation = operation;
        Key = key;
        Attempts = attempts;
        IsTransient = isTransient;
    }

    /// <summary>The failed operation, e.g. <c>put</c>, <c>upload-part</c>, <c>head</c>.</summary>
    public string Operation { get; }

    /// <summary>The blob concerned, when the operation had one.</summary>
    public BlobKey? Key { get; }

    /// <summary>How many attempts were made (1 when the failure was not retriable).</summary>
    public int Attempts { get; }

    /// <summary>Whether the last failure was of a kind that may succeed later.</summary>
    public bool IsTransient { get; }
}
