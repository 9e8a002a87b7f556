using System.Text.Json;
using IngestionCluster.Grains.Abstractions.Ldos;

namespace IngestionCluster.Grains.Ldos;

/// <summary>Whether a submission without an Idempotency-Key is the recorded LDO sent again: the same metadata and the same video bytes.</summary>
internal static class LdoResend
{
    public static bool IsSame(LdoInfo recorded, LdoSubmission submission) =>
        SameVideo(recorded.Video, submission.Video)
        && (recorded.Metadata is not null || submission.Metadata is not null
            ? SameJson(recorded.Metadata, submission.Metadata)
            : SameJson(recorded.SensorData, submission.SensorData) && SameJson(recorded.Context, submission.Context) && SameJson(recorded.Prediction, submission.Prediction));

    private static bool SameVideo(LdoVideo? recorded, LdoVideo? sent) =>
        recorded is null || sent is null
            ? recorded is null && sent is null
            : recorded.SizeBytes == sent.SizeBytes && string.Equals(recorded.Sha256, sent.Sha256, StringComparison.OrdinalIgnoreCase);

    private static bool SameJson(JsonElement? recorded, JsonElement? sent) =>
        recorded is { } a && sent is { } b ? JsonElement.DeepEquals(a, b) : recorded is null && sent is null;
}
