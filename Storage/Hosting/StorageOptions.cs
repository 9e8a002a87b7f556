namespace IngestionCluster.Storage.Hosting;

/// <summary>Which blob store the process uses, bound from section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section every storage setting lives in.</summary>
    public const string SectionName = "Storage";

    /// <summary>The local folder store (standalone mode).</summary>
    public const string LocalProvider = "local";

    /// <summary>The S3 store (cluster mode).</summary>
    public const string S3Provider = "s3";

    /// <summary><c>local</c> or <c>s3</c> (<c>Storage__Provider</c>); empty takes the host's default.</summary>
    public string? Provider { get; set; }

    /// <summary>
    /// Age after which what an unfinished write left behind is removed (<c>Storage__AbandonedWriteAge</c>): an S3
    /// multipart upload started this long ago and neither completed nor aborted, a temp file not written to for
    /// this long. It must exceed the longest upload.
    /// </summary>
    public TimeSpan AbandonedWriteAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Whether <paramref name="provider"/> names a known store.</summary>
    public static bool IsKnownProvider(string? provider) => provider is LocalProvider or S3Provider;

    /// <summary>Every problem of the settings common to both stores.</summary>
    public IEnumerable<string> Validate()
    {
        if (AbandonedWriteAge < TimeSpan.FromMinutes(1) || AbandonedWriteAge > TimeSpan.FromDays(30))
        {
            yield return $"Storage__AbandonedWriteAge must be between 00:01:00 and 30.00:00:00 (got {AbandonedWriteAge}).";
        }
    }
}
