namespace IngestionCluster.ServiceDefaults.Health;

/// <summary>Tags a health check carries to say which endpoint reports it.</summary>
public static class HealthTags
{
    /// <summary>Checks that must pass before the process takes traffic: <c>/health/ready</c> answers 503 while one fails.</summary>
    public const string Ready = "ready";
}
