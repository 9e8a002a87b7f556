using System.Text.Json;
using IngestionCluster.Grains.Abstractions.Requests;

namespace IngestionCluster.Gateway.Uploads;

/// <summary>An upload whose files are in the blob store: the camera, the client's meta and the stored files.</summary>
internal sealed record ImageBatch(string CameraId, JsonElement? Meta, IReadOnlyList<IngestedFile> Files);
