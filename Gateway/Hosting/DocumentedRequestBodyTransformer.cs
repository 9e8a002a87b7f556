using Microsoft.AspNetCore.OpenApi;

namespace IngestionCluster.Gateway.Hosting;

/// <summary>Puts the <see cref="DocumentedRequestBody"/> of an endpoint into its operation.</summary>
internal sealed class DocumentedRequestBodyTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(Microsoft.OpenApi.OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<DocumentedRequestBody>().LastOrDefault() is { } body)
        {
            operation.RequestBody = body.Create();
        }
        return Task.CompletedTask;
    }
}
