using System.Text.Json;
using IngestionCluster.Gateway.Errors;
using IngestionCluster.Gateway.Ids;
using IngestionCluster.Gateway.Streaming;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Requests;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Storage.Content;
using Microsoft.AspNetCore.Http;

namespace IngestionCluster.Gateway.Uploads;

/// <summary>
/// Reads <c>POST /api/v1/ingest/upload</c>: fields <c>camera_id</c> and <c>meta</c>, and <c>files</c>
/// (one section per file), each streamed to <c>uploads/{request_id}/{image_id}.{ext}</c> as it arrives.
/// Blob keys come from generated ids only; the client's file names are kept as metadata. A file that is empty or
/// not an accepted image is skipped, as the TrackShift seed skipped it, and named with why; an upload none of whose
/// files is taken is refused (415, or 400 when they were all empty).
/// </summary>
internal static class ImageBatchReader
{
    public const string CameraIdField = "camera_id";
    public const string MetaField = "meta";
    public const string FilesField = "files";
    private const string UploadsFolder = "uploads";

    /// <summary>Read this much of an id field, so that an overlong id is refused as an invalid id (400), not as a large body.</summary>
    private const int MaxIdFieldBytes = 16 * 1024;

    /// <summary>The folder every attempt at the upload <paramref name="requestId"/> writes its files to.</summary>
    public static BlobKey FolderFor(string requestId) => BlobKey.From(UploadsFolder, requestId);

    public static async Task<ImageBatch> ReadAsync(HttpRequest request, string requestId, UploadOptions limits, BlobStreamer streamer, CancellationToken cancellationToken)
    {
        var reader = MultipartForm.OpenReader(request);
        string? cameraId = null;
        JsonElement? meta = null;
        var files = new List<IngestedFile>();
        var skipped = new List<SkippedFile>();
        var refusals = new List<UnacceptedContentException>();
        while (await MultipartForm.NextAsync(reader, cancellationToken).ConfigureAwait(false) is { } part)
        {
            switch (part.Name)
            {
                case CameraIdField when !part.IsFile:
                    // Checked as soon as it arrives, so a bad id stops the upload before any file is streamed.
                    cameraId = IdRules.ValidateCameraId(await MultipartForm.ReadTextAsync(part, MaxIdFieldBytes, cancellationToken).ConfigureAwait(false));
                    break;
                case MetaField when !part.IsFile:
                    meta = JsonFields.ParseOptionalObject(await MultipartForm.ReadTextAsync(part, limits.MaxMetaBytes, cancellationToken).ConfigureAwait(false), MetaField, limits.MetaLimit());
                    break;
                case FilesField or "file" when part.IsFile:
                    if (files.Count + skipped.Count == limits.MaxBatchSize)
                    {
                        throw ApiProblems.BadRequest($"An upload may hold at most {limits.MaxBatchSize} files (Upload__MaxBatchSize).");
                    }
                    var fileName = FileNames.Validate(part.FileName, $"The file name of file {files.Count + skipped.Count + 1}");
                    var imageId = ApiIds.NewImageId();
                    try
                    {
                        var written = await streamer.StreamAsync(part.Body, limits.MaxFileSize, $"File '{fileName}'", ContentSniffer.UploadImages,
                            contentType => BlobKey.From(UploadsFolder, requestId, $"{imageId}.{ContentSniffer.ExtensionFor(contentType)}"),
                            contentTypeOverride: null, cancellationToken).ConfigureAwait(false);
                        files.Add(new IngestedFile(fileName, imageId, written.Key.Value, written.Sha256, written.Size, written.ContentType));
                    }
                    catch (UnacceptedContentException refused)
                    {
                        // Refused by its first bytes (the streamer read them), before anything was written: the rest of it is read
                        // and dropped, within the file size limit as a file that is taken.
                        await MultipartForm.SkipAsync(part, limits.MaxFileSize, ContentSniffer.HeadBytes, $"File '{fileName}'", cancellationToken)
                            .ConfigureAwait(false);
                        skipped.Add(new SkippedFile(fileName, refused.Message));
                        refusals.Add(refused);
                    }
                    break;
                case CameraIdField or MetaField:
                    throw ApiProblems.BadRequest($"Field '{part.Name}' must be a text field, not a file.");
                case FilesField:
                    throw ApiProblems.BadRequest("Field 'files' must hold files (with a filename).");
                default:
                    await MultipartForm.SkipAsync(part, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
        if (cameraId is null)
        {
            throw ApiProblems.BadRequest("Field 'camera_id' is required.");
        }
        if (files.Count == 0)
        {
            throw refusals switch
            {
                [] => ApiProblems.BadRequest("At least one file is required in field 'files'."),
                [var only] => only,
                _ => Combined(refusals),
            };
        }
        return new ImageBatch(cameraId, meta, files, skipped);
    }

    /// <summary>One refusal naming every file: 415 unless every file was empty (400).</summary>
    private static UnacceptedContentException Combined(List<UnacceptedContentException> refusals)
    {
        var worst = refusals.MaxBy(r => r.StatusCode)!;
        return new(worst.StatusCode, worst.Title, $"No file of the upload was taken: {string.Join(" ", refusals.Select(r => r.Message))}");
    }
}
