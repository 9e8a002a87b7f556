using System.Security.Cryptography;
using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Metadata;

namespace IngestionCluster.Grains.Cameras;

/// <summary>
/// The frames the camera stored last, read back by a new activation. A client whose push was stored but never answered
/// (its silo died in between) sends the same bytes with the same timestamp to the camera's next activation, which
/// answers with the stored frame instead of storing it a second time under a new sequence.
/// </summary>
internal sealed class StoredPushes(IReadOnlyList<StoredFrame> frames)
{
    public static readonly StoredPushes None = new([]);

    /// <summary>The answer for the stored frame of these bytes with this timestamp, or null.</summary>
    public FramePushResult? Find(DateTimeOffset timestamp, byte[] jpeg)
    {
        string? digest = null;
        foreach (var frame in frames)
        {
            // The databases keep microseconds; a client's timestamp may be finer.
            if (Math.Abs((frame.CapturedAt - timestamp).Ticks) < TimeSpan.TicksPerMicrosecond
                && frame.Sha256 == (digest ??= Convert.ToHexStringLower(SHA256.HashData(jpeg))))
            {
                // Whether the frame fell in the motion warm-up is not stored; the answer says it did not.
                return new FramePushResult(frame.Sequence, frame.Motion, frame.Area, Calibrating: false, frame.ImageId, timestamp);
            }
        }
        return null;
    }
}
