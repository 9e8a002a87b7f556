namespace IngestionCluster.Gateway.Contracts;

/// <summary>
/// What a pushed frame became: its sequence, whether it showed motion (and how much), and its image id when kept;
/// with the camera-ingest seed's <c>message</c> and <c>timestamp</c> (the frame's time in Unix seconds: the one
/// it was pushed with, or its arrival), which that seed's clients read.
/// </summary>
public sealed record PushResponse(long Sequence, bool Motion, int Area, bool Calibrating, string? ImageId, string Message, double Timestamp)
{
    /// <summary>The camera-ingest seed's answer to a push.</summary>
    public const string Ingested = "Frame ingested successfully";

    /// <summary>Unix seconds, fractional to the tick (<c>1750000000.25</c>).</summary>
    public static double UnixSeconds(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks / (double)TimeSpan.TicksPerSecond;
}
