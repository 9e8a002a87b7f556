namespace IngestionCluster.Gateway.Contracts;

/// <summary>What a pushed frame became: its sequence, whether it showed motion (and how much), and its image id when kept.</summary>
public sealed record PushResponse(long Sequence, bool Motion, int Area, bool Calibrating, string? ImageId);
