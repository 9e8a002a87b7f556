using Orleans;

namespace IngestionCluster.Grains.Abstractions.Sessions;

[GenerateSerializer, Alias("ic.SessionStatus")]
public sealed record SessionStatus([Id(0)] string CameraId, [Id(1)] string SessionId, [Id(2)] int Total, [Id(3)] int Received, [Id(4)] bool Completed, [Id(5)] bool Stale, [Id(6)] string? ImageId);
