using System.Text.RegularExpressions;

namespace IngestionCluster.Storage.S3;

/// <summary>
/// Where and how the S3 blob store writes, bound from section <c>Storage</c> (environment variables
/// <c>Storage__Endpoint</c>, <c>Storage__Bucket</c>, …). Works with AWS (no endpoint) and with any
/// S3-compatible server (MinIO, s3rver, …) given its endpoint.
/// </summary>
public sealed partial class S3StorageOptions
{
    /// <summary>Smallest part S3 accepts (every part but the last).</summary>
    public const int MinPartSizeBytes = 5 * 1024 * 1024;

    /// <summary>Largest part this store buffers in memory.</summary>
    public const int MaxPartSizeBytes = 1024 * 1024 * 1024;

    /// <summary>
    /// Server URL such as <c>http://minio:9000</c>; empty means AWS (with <see cref="Region"/>). TLS follows
    /// the scheme; a bare <c>host:port</c> uses TLS unless <see cref="UseTls"/> is false.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>Signing region, and the AWS region when <see cref="Endpoint"/> is empty.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Access key id; with <see cref="SecretKey"/>, or neither together with <see cref="UseDefaultCredentials"/>.</summary>
    public string? AccessKey { get; set; }

    /// <summary>Secret access key; never logged.</summary>
    public string? SecretKey { get; set; }

    /// <summary>
    /// Without keys, use the AWS SDK's default credential chain (environment, shared profile, web
    /// identity, container or instance role). Off by default so a forgotten key fails at start-up.
    /// </summary>
    public bool UseDefaultCredentials { get; set; }

    /// <summary>The bucket every blob goes to.</summary>
    public string Bucket { get; set; } = "ingest";

    /// <summary>Path-style addressing (<c>http://host/bucket/key</c>), which S3-compatible servers need.</summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>
    /// Only needed for an endpoint without a scheme or for plain-HTTP AWS endpoints: null derives TLS from
    /// the endpoint's scheme (https when there is none). Contradicting the scheme is a start-up error.
    /// </summary>
    public bool? UseTls { get; set; }

    /// <summary>
    /// The server's root URL as clients outside reach it (<c>http://localhost:9000</c> when the silos reach MinIO as
    /// <c>http://minio:9000</c>): presigned upload URLs are signed for it, as the signature covers the host. Null: <see cref="Endpoint"/>.
    /// </summary>
    public string? PublicEndpoint { get; set; }

    /// <summary>Create the bucket on first use when it is missing.</summary>
    public bool CreateBucketIfMissing { get; set; } = true;

    /// <summary>Part size of multipart uploads; each part is buffered in memory (two per upload in flight).</summary>
    public int MultipartPartSizeBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// Bodies up to this size go as one PutObject, larger ones as a multipart upload. Values above
    /// <see cref="MultipartPartSizeBytes"/> act as the part size (the body is buffered one part at a time).
    /// </summary>
    public long MultipartThresholdBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Time limit of one HTTP request (one attempt of one part); a timeout counts as transient.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Time limit of the health probe.</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>True when requests go to AWS itself (no endpoint configured).</summary>
    public bool IsAws => string.IsNullOrWhiteSpace(Endpoint);

    /// <summary>Whether requests use TLS, after applying the rules of <see cref="Endpoint"/> and <see cref="UseTls"/>.</summary>
    public bool EffectiveUseTls => TryGetServiceUrl(out var url, out _) && url is not null ? url.Scheme == Uri.UriSchemeHttps : UseTls ?? true;

    /// <summary>The endpoint as an absolute URL (scheme, host, port), null for AWS; false when malformed.</summary>
    internal bool TryGetServiceUrl(out Uri? url, out string? error)
    {
        url = null;
        error = null;
        if (IsAws)
        {
            return true;
        }
        var text = Endpoint!.Trim();
        var hasScheme = text.Contains("://", StringComparison.Ordinal);
        if (!hasScheme)
        {
            text = (UseTls ?? true ? "https://" : "http://") + text;
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps) || parsed.Host.Length == 0)
        {
            error = "Storage__Endpoint must be an http:// or https:// URL such as http://minio:9000, or host:port.";
            return false;
        }
        if (parsed.UserInfo.Length > 0)
        {
            error = "Storage__Endpoint must not carry credentials; use Storage__AccessKey and Storage__SecretKey.";
            return false;
        }
        if (parsed.AbsolutePath != "/" || parsed.Query.Length > 0 || parsed.Fragment.Length > 0)
        {
            error = "Storage__Endpoint must be the server's root URL (scheme, host, port), without a path or query.";
            return false;
        }
        if (hasScheme && UseTls is { } useTls && useTls != (parsed.Scheme == Uri.UriSchemeHttps))
        {
            error = $"Storage__UseTls={useTls.ToString().ToLowerInvariant()} contradicts the {parsed.Scheme}:// scheme of Storage__Endpoint; drop one of them.";
            return false;
        }
        url = new Uri(parsed.GetLeftPart(UriPartial.Authority));
        return true;
    }

    /// <summary><see cref="PublicEndpoint"/> as a root URL, null when unset; false when malformed.</summary>
    internal bool TryGetPublicUrl(out Uri? url, out string? error)
    {
        url = null;
        error = null;
        if (string.IsNullOrWhiteSpace(PublicEndpoint))
        {
            return true;
        }
        if (!Uri.TryCreate(PublicEndpoint.Trim(), UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
            || parsed.Host.Length == 0 || parsed.UserInfo.Length > 0 || parsed.AbsolutePath != "/" || parsed.Query.Length > 0 || parsed.Fragment.Length > 0)
        {
            error = "Storage__PublicEndpoint must be the server's root URL as clients reach it, such as http://localhost:9000 (scheme, host, port; no path or credentials).";
            return false;
        }
        url = new Uri(parsed.GetLeftPart(UriPartial.Authority));
        return true;
    }

    /// <summary>Where requests go, for logs and messages (never with credentials).</summary>
    public string DescribeEndpoint() =>
        IsAws ? $"AWS S3 ({Region})" : TryGetServiceUrl(out var url, out _) && url is not null ? url.GetLeftPart(UriPartial.Authority) : "(invalid endpoint)";

    /// <summary>Problems with these settings, as messages naming the environment variable; empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (!TryGetServiceUrl(out _, out var endpointError))
        {
            yield return endpointError!;
        }
        if (!TryGetPublicUrl(out _, out var publicEndpointError))
        {
            yield return publicEndpointError!;
        }
        var hasAccessKey = !string.IsNullOrWhiteSpace(AccessKey);
        var hasSecretKey = !string.IsNullOrWhiteSpace(SecretKey);
        if (hasAccessKey != hasSecretKey)
        {
            yield return hasAccessKey
                ? "Storage__AccessKey is set but Storage__SecretKey is not; set both."
                : "Storage__SecretKey is set but Storage__AccessKey is not; set both.";
        }
        else if (!hasAccessKey && !UseDefaultCredentials)
        {
            yield return IsAws
                ? "Storage__Provider=s3 needs Storage__Endpoint (an S3-compatible server such as MinIO, with Storage__AccessKey and Storage__SecretKey) "
                  + "or AWS credentials: Storage__AccessKey and Storage__SecretKey, or Storage__UseDefaultCredentials=true for the AWS credential chain "
                  + "(environment, profile, instance role)."
                : "Storage__Endpoint is set but Storage__AccessKey and Storage__SecretKey are not; set both "
                  + "(or Storage__UseDefaultCredentials=true to use the AWS credential chain).";
        }
        if (string.IsNullOrWhiteSpace(Region) || !RegionPattern().IsMatch(Region))
        {
            yield return $"Storage__Region must be a region name such as us-east-1 (got '{Region}').";
        }
        if (string.IsNullOrEmpty(Bucket) || Bucket.Length is < 3 or > 63 || !BucketPattern().IsMatch(Bucket) || Bucket.Contains("..", StringComparison.Ordinal))
        {
            yield return $"Storage__Bucket must be a valid S3 bucket name: 3 to 63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit (got '{Bucket}').";
        }
        if (MultipartPartSizeBytes is < MinPartSizeBytes or > MaxPartSizeBytes)
        {
            yield return $"Storage__MultipartPartSizeBytes must be between {MinPartSizeBytes} (5 MiB, the S3 minimum) and {MaxPartSizeBytes} (got {MultipartPartSizeBytes}).";
        }
        if (MultipartThresholdBytes < 0)
        {
            yield return $"Storage__MultipartThresholdBytes must be 0 or more (got {MultipartThresholdBytes}).";
        }
        if (RequestTimeout < TimeSpan.FromSeconds(1) || RequestTimeout > TimeSpan.FromHours(1))
        {
            yield return $"Storage__RequestTimeout must be between 00:00:01 and 01:00:00 (got {RequestTimeout}).";
        }
        if (HealthCheckTimeout <= TimeSpan.Zero || HealthCheckTimeout > TimeSpan.FromMinutes(1))
        {
            yield return $"Storage__HealthCheckTimeout must be more than 0 and at most 00:01:00 (got {HealthCheckTimeout}).";
        }
    }

    /// <summary>Settings without secrets, for logs.</summary>
    public override string ToString() =>
        $"bucket {Bucket} at {DescribeEndpoint()}, region {Region}, path-style {ForcePathStyle}, "
        + $"credentials {(string.IsNullOrWhiteSpace(AccessKey) ? "from the AWS chain" : "configured")}";

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]*[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex BucketPattern();

    [GeneratedRegex("^[a-z0-9-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();
}
