using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using IngestionCluster.Gateway.Auth;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Gateway.Uploads;

/// <summary>
/// Signs the gateway's own upload URLs (standalone mode, where the blob store has no presigned URLs):
/// HMAC-SHA256 over job id, expiry and content type, with a key derived from <c>Auth__JwtSecret</c>. Like
/// an S3 presigned PUT, the URL alone authorizes one upload until it expires. A null content type signs none:
/// the PUT may carry any (the log-ingest seed's uploads declared none).
/// </summary>
public sealed class UploadUrlSigner(IOptions<AuthOptions> auth)
{
    private static readonly byte[] _purpose = "ingestion-cluster/upload-url/v1"u8.ToArray();

    public string Sign(string jobId, long expiresUnixSeconds, string? contentType) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Key(), Payload(jobId, expiresUnixSeconds, contentType)));

    /// <summary>Whether <paramref name="signature"/> is this gateway's signature of the values (constant-time).</summary>
    public bool IsValid(string jobId, long expiresUnixSeconds, string? contentType, string? signature)
    {
        if (signature is null || signature.Length != 64)
        {
            return false;
        }
        byte[] given;
        try
        {
            given = Convert.FromHexString(signature);
        }
        catch (FormatException)
        {
            return false;
        }
        var expected = HMACSHA256.HashData(Key(), Payload(jobId, expiresUnixSeconds, contentType));
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }

    private byte[] Key() => HMACSHA256.HashData(Encoding.UTF8.GetBytes(auth.Value.JwtSecret), _purpose);

    /// <remarks>No content type leaves out its line, so no header sent (not even an empty one) signs the same.</remarks>
    private static byte[] Payload(string jobId, long expiresUnixSeconds, string? contentType)
    {
        var signed = $"{jobId}\n{expiresUnixSeconds.ToString(CultureInfo.InvariantCulture)}";
        return Encoding.UTF8.GetBytes(contentType is null ? signed : $"{signed}\n{contentType}");
    }
}
