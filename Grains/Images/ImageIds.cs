using System.Security.Cryptography;
using System.Text;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Storage.Content;

namespace IngestionCluster.Grains.Images;

/// <summary>
/// Image ids are derived from what identifies a capture (camera and session, or camera and frame
/// sequence), so a redelivered capture gets the same id and the same blob key, and two captures never share one.
/// </summary>
public static class ImageIds
{
    public static string ForSession(string cameraId, string sessionId) => Derive($"session\n{cameraId}\n{sessionId}");

    /// <summary>The image of a capture sent again after its processed mark was forgotten (generation 1, 2, …).</summary>
    public static string ForSession(string cameraId, string sessionId, int generation) =>
        generation == 0 ? ForSession(cameraId, sessionId) : Derive($"session\n{cameraId}\n{sessionId}\n{generation}");

    public static string ForFrame(string cameraId, long sequence) => Derive($"frame\n{cameraId}\n{sequence}");

    /// <summary>The image of frame <paramref name="index"/> of an on-request capture; a resumed capture (next attempt) gets new ids.</summary>
    public static string ForRequest(string requestId, int attempt, int index) => Derive($"request\n{requestId}\n{attempt}\n{index}");

    public static string NewRandom() => "img_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary><c>images/{cameraId}/{imageId}.{ext}</c> — both parts already validated.</summary>
    public static BlobKey BlobKeyFor(string cameraId, string imageId, string contentType) =>
        BlobKey.From("images", cameraId, $"{imageId}.{ContentSniffer.ExtensionFor(contentType)}");

    private static string Derive(string identity) =>
        "img_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)).AsSpan(0, 12));
}
