using System.Text.Json;
using IngestionCluster.Gateway.Apis;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Gateway.Errors;
using IngestionCluster.Gateway.Events;
using IngestionCluster.Gateway.Mqtt.Bridge;
using IngestionCluster.Gateway.Options;
using IngestionCluster.Gateway.Thumbnails;
using IngestionCluster.Gateway.Ui;
using IngestionCluster.Gateway.Uploads;
using IngestionCluster.Storage.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace IngestionCluster.Gateway.Hosting;

/// <summary>Everything the gateway adds to a host, shared by the Gateway process and the standalone Silo.</summary>
public static class GatewayServiceExtensions
{
    /// <summary>
    /// JSON (snake_case), problem details and the exception mapping, OpenAPI, and the HTTP API's services:
    /// authentication and roles, rate limiting, CORS, settings validated at start-up (Production refuses
    /// insecure ones), the SSE hub. The grain factory, event bus and blob store come from the host (silo or
    /// cluster client); logging, telemetry and health from <c>AddServiceDefaults</c>.
    /// </summary>
    public static WebApplicationBuilder AddGatewayServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions["request_id"] = context.HttpContext.TraceIdentifier;
            context.ProblemDetails.Detail ??= StatusProblemDetails.For(context.HttpContext, context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode);
        });
        // After the default writer (registered above), for the requests whose Accept it declines.
        services.AddSingleton<IProblemDetailsWriter, AnyAcceptProblemDetailsWriter>();
        services.AddSingleton<BindingFailures>();
        services.AddExceptionHandler<GatewayExceptionHandler>();
        // Binding failures (invalid JSON, wrong content type, bad query values) reach the exception handler with their reason.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        });
        services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer<BearerSecuritySchemeTransformer>();
            options.AddOperationTransformer<DocumentedRequestBodyTransformer>();
        });
        services.AddMqttBridge(builder.Configuration);

        services.TryAddSingleton(TimeProvider.System);
        services.AddGatewayAuth();
        services.AddApiRateLimiting();
        services.AddGatewayCors();
        services.AddGatewaySettings<UploadOptions>(UploadOptions.SectionName);
        services.AddGatewaySettings<LdoOptions>(LdoOptions.SectionName);
        services.AddGatewaySettings<CaptureRequestOptions>(CaptureRequestOptions.SectionName);
        services.AddGatewaySettings<EventStreamOptions>(EventStreamOptions.SectionName);
        services.AddProductionStorageValidation();
        services.AddSingleton<UploadUrlSigner>();
        services.AddGatewaySettings<ThumbnailOptions>(ThumbnailOptions.SectionName);
        services.AddSingleton<ThumbnailCache>();
        services.AddSingleton<UiAssets>();
        // A factory, so that hosts without an event bus (tests of the operations endpoints) still pass DI validation.
        services.AddSingleton(sp => new CameraEventHub(
            sp.GetRequiredService<ICameraEventBus>(), sp.GetRequiredService<IOptions<EventStreamOptions>>(), sp.GetRequiredService<ILogger<CameraEventHub>>()));
        services.AddHostedService<GatewayStartupLog>();
        return builder;
    }

    /// <summary>
    /// The OpenAPI document, Swagger UI at <c>/docs</c>, the HTTP API behind CORS, authentication, rate
    /// limiting and authorization, and the operator UI at <c>/ui/</c>. Call it after <c>MapDefaultEndpoints</c>.
    /// </summary>
    public static WebApplication MapGatewayEndpoints(this WebApplication app)
    {
        app.UseCors();
        // The event streams also answer WebSocket requests: pinged every heartbeat, so proxies keep a quiet socket open,
        // and a client that answers no ping within another heartbeat (gone without closing) is cut off.
        var heartbeat = app.Services.GetRequiredService<IOptions<EventStreamOptions>>().Value.HeartbeatInterval;
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = heartbeat, KeepAliveTimeout = heartbeat });
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseUntypedJsonBody();
        app.MapOpenApi("/openapi/{documentName}.json");
        // Where FastAPI, which the TrackShift and log-ingest seeds ran on, serves it: their generated clients look there.
        app.MapOpenApi("/openapi.json");
        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = "docs";
            options.SwaggerEndpoint("/openapi/v1.json", "IngestionCluster API v1");
            options.DocumentTitle = "IngestionCluster API";
        });
        // The TrackShift seed promised ReDoc at /redoc: a reference page from the same document, its script served by this process.
        app.MapScalarApiReference("/redoc", options => options
            .WithTitle("IngestionCluster API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        app.MapIngestionApis();
        app.MapOperatorUi();
        return app;
    }
}
