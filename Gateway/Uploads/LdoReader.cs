using System.Text.Json;
using IngestionCluster.Gateway.Errors;
using IngestionCluster.Gateway.Ids;
using IngestionCluster.Gateway.Streaming;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Ldos;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Storage.Content;
using Microsoft.AspNetCore.Http;

namespace IngestionCluster.Gateway.Uploads;

/// <summary>
/// Reads <c>POST /ingest/ldo</c>: the <c>metadata</c> field (a JSON object with optional <c>ldo_id</c>,
/// <c>sensor_data</c>, <c>context</c>, <c>prediction</c>, and any other keys, all kept in the whole object) and optionally one <c>video</c> file, in either
/// order. The video streams to the blob store as it arrives: to <c>ldos/{ldo_id}/{random}.{ext}</c> when the
/// metadata came first, otherwise to a provisional <c>incoming/ldos/{random}.{ext}</c> (<see cref="ProvisionalBlobs"/>) that is moved there
/// once the metadata is known. Metadata without an <c>ldo_id</c> gets the id the caller chose for that case. A failure
/// deletes whatever was written (the caller's streamer does).
/// </summary>
internal static class LdoReader
{
    public const string MetadataField = "metadata";
    public const string VideoField = "video";

    /// <summary>The folder every attempt at the LDO <paramref name="ldoId"/> writes its video to.</summary>
    public static BlobKey FolderFor(string ldoId) => BlobKey.From(LdoVideo.BlobFolder, ldoId);

    public static async Task<(string LdoId, LdoSubmission Submission)> ReadAsync(
        HttpRequest request, string idWhenUnnamed, LdoOptions limits, BlobStreamer streamer, CancellationToken cancellationToken)
    {
        var reader = MultipartForm.OpenReader(request);
        string? ldoId = null;
        JsonElement? metadata = null;
        LdoVideo? video = null;
        BlobKey? provisional = null;
        while (await MultipartForm.NextAsync(reader, cancellationToken).ConfigureAwait(false) is { } part)
        {
            switch (part.Name)
            {
                case MetadataField when part.IsFile:
                    throw ApiProblems.BadRequest("Field 'metadata' must be a text field holding JSON.");
                case MetadataField when metadata is not null:
                    throw ApiProblems.BadRequest("Send one metadata field.");
                case MetadataField:
                    var parsed = JsonFields.ParseObject(await MultipartForm.ReadTextAsync(part, limits.MaxMetadataBytes, cancellationToken).ConfigureAwait(false), MetadataField, limits.MetadataLimit());
                    ldoId = ReadLdoId(parsed) ?? idWhenUnnamed;
                    metadata = parsed;
                    break;
                case VideoField when video is not null:
                    throw ApiProblems.BadRequest("Send at most one video.");
                case VideoField when !part.IsFile:
                    throw ApiProblems.BadRequest("Field 'video' must be a file.");
                case VideoField:
                    var fileName = FileNames.Validate(part.FileName, "The video's file name");
                    var token = ApiIds.NewToken();
                    var knownId = ldoId;
                    var written = await streamer.StreamAsync(part.Body, limits.MaxVideoSize, "The video", accept: null,
                        contentType => knownId is null
                            ? ProvisionalBlobs.KeyFor(LdoVideo.BlobFolder, $"{token}.{ContentSniffer.ExtensionFor(contentType)}")
                            : BlobKey.From(LdoVideo.BlobFolder, knownId, $"{token}.{ContentSniffer.ExtensionFor(contentType)}"),
                        contentTypeOverride: null, cancellationToken).ConfigureAwait(false);
                    provisional = knownId is null ? written.Key : null;
                    video = new LdoVideo(fileName, written.Key.Value, written.Sha256, written.Size, written.ContentType);
                    break;
                default:
                    await MultipartForm.SkipAsync(part, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
        if (metadata is not { } meta)
        {
            throw ApiProblems.BadRequest("Field 'metadata' (a JSON object) is required.");
        }
        if (video is not null && provisional is not null)
        {
            var final = BlobKey.From(LdoVideo.BlobFolder, ldoId!, provisional.Name);
            await streamer.MoveAsync(provisional, final, cancellationToken).ConfigureAwait(false);
            video = video with { ObjectKey = final.Value };
        }
        // The whole object is kept too (already held to Ldo__MaxMetadataBytes), so keys such as the seed edge server's
        // cid, timestamp and device_id are stored and read back as the seed kept them.
        return (ldoId!, new LdoSubmission(JsonFields.Property(meta, "sensor_data"), JsonFields.Property(meta, "context"), JsonFields.Property(meta, "prediction"), video,
            Metadata: meta));
    }

    private static string? ReadLdoId(JsonElement metadata)
    {
        if (!metadata.TryGetProperty("ldo_id", out var id) || id.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (id.ValueKind != JsonValueKind.String)
        {
            throw ApiProblems.BadRequest("metadata.ldo_id must be a string.");
        }
        return IdRules.ValidateClientId(id.GetString(), "LDO id");
    }
}
