namespace IngestionCluster.Grains.Abstractions.Sessions;

/// <summary>
/// One MQTT chunk of an image, as cameras publish it on <c>camera/{id}/image_json</c>:
/// <c>{"id":"cam-1","index":0,"total":15,"data":"&lt;base64&gt;","image_id":"optional"}</c>.
/// <see cref="Data"/> holds the decoded bytes: the gateway decodes (and validates) the base64 once.
/// </summary>
public sealed record ImageChunk(string CameraId, int Index, int Total, byte[] Data, string? ImageId = null, DateTimeOffset? ReceivedAt = null);
