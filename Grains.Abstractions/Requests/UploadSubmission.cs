using System.Text.Json;

namespace IngestionCluster.Grains.Abstractions.Requests;

/// <summary>
/// A batch of files the gateway has already streamed to the blob store (the grain gets references,
/// never the bytes): the request grain records one image row per file.
/// </summary>
/// <param name="CameraId">The camera the images belong to (validated).</param>
/// <param name="Meta">The client's metadata object, stored with every image.</param>
/// <param name="Files">The stored files.</param>
public sealed record UploadSubmission(string CameraId, JsonElement? Meta, IReadOnlyList<IngestedFile> Files);
