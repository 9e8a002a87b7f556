using System.Text.Json;
using IngestionCluster.Grains.Abstractions.Requests;

namespace IngestionCluster.Gateway.Uploads;

/// <summary>An upload whose files are in the blob store: the camera, the client's meta, the stored files and those skipped.</summary>
internal sealed record ImageBatch(string CameraId, JsonElement? Meta, IReadOnlyList<IngestedFile> Files, IReadOnlyList<SkippedFile> Skipped);
