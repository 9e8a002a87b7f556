namespace IngestionCluster.Gateway.Contracts;

/// <summary>
/// One stored image as the TrackShift seed's clients read it from <c>frames</c>: <see cref="FrameId"/> is the image
/// id, <see cref="StoragePath"/> its blob key, <see cref="StorageUrl"/> where to read it (with a token; the seed's was
/// presigned), <see cref="Width"/> and <see cref="Height"/> the stream's for an RTSP capture (null for an upload).
/// </summary>
public sealed record IngestedFrameResponse(
    string FrameId, string StoragePath, string StorageUrl, DateTimeOffset Timestamp, int? Width, int? Height, long SizeBytes, string Format);
