namespace IngestionCluster.Gateway.Events;

/// <summary>A camera event as it goes to SSE clients: its type, its camera and the payload JSON as published.</summary>
public sealed record CameraEvent(string Type, string CameraId, string Json);
