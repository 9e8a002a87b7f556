namespace IngestionCluster.Grains.Jobs;

/// <summary>An uploaded object is missing or not what the client declared; the message becomes the job's error.</summary>
internal sealed class UploadRejectedException(string message) : Exception(message);
