namespace IngestionCluster.Grains.Abstractions.Ids;

/// <summary>
/// The string keys of the product's grains. Every key carries a non-hex prefix: Orleans' ADO.NET storage
/// reads an all-hex string key as a number (Orleans issue #9706), so camera ids <c>1</c> and <c>01</c>
/// would share a storage row; <c>camera/1</c> and <c>camera/01</c> never do.
/// </summary>
public static class GrainKeys
{
    public const string CameraPrefix = "camera/";
    public const string CaptureSessionPrefix = "session/";
    public const string IngestRequestPrefix = "request/";
    public const string LdoPrefix = "ldo/";
    public const string LdoKeyPrefix = "ldo-key/";
    public const string UploadJobPrefix = "job/";

    /// <summary>The one key of the stateless catalog and dead-letter workers.</summary>
    public const string Catalog = "catalog";

    /// <summary>The one key of the camera file import's ledger.</summary>
    public const string CameraFileImport = "camera-file";

    /// <summary>The one key of the stateless thumbnail workers.</summary>
    public const string Thumbnails = "thumbnails";

    public static string Camera(string cameraId) => CameraPrefix + cameraId;

    /// <summary><c>session/{cameraId}/{sessionId}</c>.</summary>
    public static string CaptureSession(string cameraId, string sessionId) => $"{CaptureSessionPrefix}{cameraId}/{sessionId}";

    public static string IngestRequest(string requestId) => IngestRequestPrefix + requestId;

    public static string Ldo(string ldoId) => LdoPrefix + ldoId;

    public static string LdoKey(string attemptKey) => LdoKeyPrefix + attemptKey;

    public static string UploadJob(string jobId) => UploadJobPrefix + jobId;

    /// <summary>The id inside <paramref name="key"/>, which must start with <paramref name="prefix"/>.</summary>
    public static string IdOf(string key, string prefix) =>
        key.StartsWith(prefix, StringComparison.Ordinal)
            ? key[prefix.Length..]
            : throw new InvalidIdException($"Grain key '{key}' does not start with '{prefix}'.");

    /// <summary>The camera id and session id of a capture session key.</summary>
    public static (string CameraId, string SessionId) CaptureSessionOf(string key)
    {
        var rest = IdOf(key, CaptureSessionPrefix);
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? (rest[..slash], rest[(slash + 1)..]) : throw new InvalidIdException($"Capture session key '{key}' has no session part.");
    }
}
