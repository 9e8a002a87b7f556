using System.Text.Json;
using Orleans;

namespace IngestionCluster.Grains.Abstractions.Requests;

/// <summary>
/// A batch of files the gateway has already streamed to the blob store (the grain gets references,
/// never the bytes): the request grain records one image row per file.
/// </summary>
/// <param name="CameraId">The camera the images belong to (validated).</param>
/// <param name="Meta">The client's metadata object, stored with every image.</param>
/// <param name="Files">The stored files.</param>
/// <param name="Skipped">The files of the upload that were not stored, with why.</param>
[GenerateSerializer, Alias("ic.UploadSubmission")]
public sealed record UploadSubmission(
    [Id(0)] string CameraId, [Id(1)] JsonElement? Meta, [Id(2)] IReadOnlyList<IngestedFile> Files, [Id(3)] IReadOnlyList<SkippedFile>? Skipped = null);
