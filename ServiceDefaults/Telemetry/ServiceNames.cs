namespace IngestionCluster.ServiceDefaults.Telemetry;

/// <summary>The default <c>service.name</c> of each process; <c>OTEL_SERVICE_NAME</c> overrides it.</summary>
public static class ServiceNames
{
    public const string Gateway = "ingestion-gateway";

    public const string Silo = "ingestion-silo";
}
