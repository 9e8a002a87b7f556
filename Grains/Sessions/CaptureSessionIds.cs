using System.Globalization;

namespace IngestionCluster.Grains.Sessions;

/// <summary>
/// Session ids: <c>img.{image_id}</c> for chunks that name their image, <c>s00000042</c> for a camera's
/// automatic sessions. The two forms can never be confused.
/// </summary>
public static class CaptureSessionIds
{
    private const string ExplicitPrefix = "img.";

    public static string Automatic(long sequence) => "s" + sequence.ToString("D8", CultureInfo.InvariantCulture);

    public static string Explicit(string imageId) => ExplicitPrefix + imageId;

    public static bool IsExplicit(string sessionId) => sessionId.StartsWith(ExplicitPrefix, StringComparison.Ordinal);

    /// <summary>The image_id a named session's chunks carry.</summary>
    public static string ImageIdOf(string sessionId) => sessionId[ExplicitPrefix.Length..];
}
