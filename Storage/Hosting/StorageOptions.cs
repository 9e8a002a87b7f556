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

    /// <summary>Whether <paramref name="provider"/> names a known store.</summary>
    public static bool IsKnownProvider(string? provider) => provider is LocalProvider or S3Provider;
}
