namespace IngestionCluster.Grains.Metadata;

/// <summary>The camera list's read model; the camera grain owns the truth and keeps this row in step.</summary>
public sealed record CameraRow(string CameraId, string SourceType, string? SourceUrlMasked, string RegistrationJson, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
