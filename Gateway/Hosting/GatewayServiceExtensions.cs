using System.Text.Json;
using IngestionCluster.Gateway.Metrics;
using IngestionCluster.Gateway.Mqtt.Bridge;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionCluster.Gateway.Hosting;

/// <summary>Everything the gateway adds to a host, shared by the Gateway process and the standalone Silo.</summary>
public static class GatewayServiceExtensions
{
    public const string LivenessTag = "live";
    public const string ReadinessTag = "ready";

    public static WebApplicationBuilder AddGatewayServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddOperationsServices();
        services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        });
        services.AddOpenApi("v1");
        services.AddMqttBridge(builder.Configuration);
        builder.AddIngestionTelemetry(TelemetryHostingExtensions.GatewayServiceName);
        return builder;
    }

    /// <summary>Operations endpoints, the OpenAPI document, Swagger UI at <c>/docs</c>, and the HTTP API.</summary>
    public static WebApplication MapGatewayEndpoints(this WebApplication app)
    {
        app.MapOperationsEndpoints();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = "docs";
            options.SwaggerEndpoint("/openapi/v1.json", "IngestionCluster API v1");
            options.DocumentTitle = "IngestionCluster API";
        });
        return app;
    }
}
