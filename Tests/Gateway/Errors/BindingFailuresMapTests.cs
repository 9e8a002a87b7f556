using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using IngestionCluster.Gateway.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Tests.Gateway.Errors;

/// <summary>What <see cref="BindingFailures"/> makes of refusals that are not a binding failure, or that it knows little about.</summary>
public sealed class BindingFailuresMapTests
{
    private readonly BindingFailures _failures = new(Options.Create(new JsonOptions()));

    private sealed class NoMetadata
    {
    }

    private sealed record AcceptsNoMetadata(Type RequestType) : IAcceptsMetadata
    {
        public IReadOnlyList<string> ContentTypes => ["application/json"];

        public bool IsOptional => false;
    }

    [Fact]
    public void The_server_s_own_400_on_a_seed_route_stays_a_400_with_its_message()
    {
        var context = ContextOn(new Endpoint(null, new EndpointMetadataCollection(FastApiBindingFailures.Instance), "seed route"));

        var problem = _failures.Map(context, new BadHttpRequestException("Unexpected end of request content.", StatusCodes.Status400BadRequest));

        Assert.Equal(StatusCodes.Status400BadRequest, problem.Status);
        Assert.Equal("Unexpected end of request content.", problem.Detail);
    }

    [Fact]
    public void A_body_that_does_not_bind_on_a_seed_route_is_a_422()
    {
        var context = ContextOn(new Endpoint(null, new EndpointMetadataCollection(FastApiBindingFailures.Instance), "seed route"));
        var json = new JsonException("The JSON value could not be converted.", "$.size", 0, 10);

        var problem = _failures.Map(context, new BadHttpRequestException("Failed to read parameter.", StatusCodes.Status400BadRequest, json));

        Assert.Equal(StatusCodes.Status422UnprocessableEntity, problem.Status);
        Assert.Equal("size has a value this request does not take.", problem.Detail);
    }

    [Fact]
    public void A_body_type_the_serializer_cannot_describe_still_gets_an_answer()
    {
        // Options with a resolver that knows no type: describing the field throws inside the exception handler.
        var options = new JsonOptions();
        options.SerializerOptions.TypeInfoResolver = JsonTypeInfoResolver.Combine();
        var failures = new BindingFailures(Options.Create(options));
        var context = ContextOn(new Endpoint(null, new EndpointMetadataCollection(new AcceptsNoMetadata(typeof(NoMetadata))), "odd body"));
        var json = new JsonException("The JSON value could not be converted.", "$.name", 0, 10);

        var problem = failures.Map(context, new BadHttpRequestException("Failed to read parameter.", StatusCodes.Status400BadRequest, json));

        Assert.Equal(StatusCodes.Status400BadRequest, problem.Status);
        Assert.Equal("The request does not fit this endpoint.", problem.Detail);
    }

    [Fact]
    public void Size_and_content_type_refusals_keep_their_status()
    {
        var problem = _failures.Map(new DefaultHttpContext(), new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge));

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, problem.Status);
    }

    private static DefaultHttpContext ContextOn(Endpoint endpoint)
    {
        var context = new DefaultHttpContext();
        context.SetEndpoint(endpoint);
        return context;
    }
}
