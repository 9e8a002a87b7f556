using System.Net;
using System.Text.Json;
using IngestionCluster.Gateway.Errors;
using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Errors;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Storage.Blobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace IngestionCluster.Tests.Gateway.Errors;

public sealed class GatewayExceptionHandlerTests
{
    public static TheoryData<Exception, HttpStatusCode> Mappings => new()
    {
        { new InvalidIdException("Invalid camera id: it is empty."), HttpStatusCode.BadRequest },
        { new ArgumentException("fps must be greater than 0"), HttpStatusCode.BadRequest },
        { new InvalidFrameException("not a JPEG"), HttpStatusCode.BadRequest },
        { new JsonException("bad"), HttpStatusCode.BadRequest },
        { new CameraNotFoundException("Camera 'x' is not registered."), HttpStatusCode.NotFound },
        { new ResourceNotFoundException("Job 'x' does not exist."), HttpStatusCode.NotFound },
        { new CameraConflictException("registered differently"), HttpStatusCode.Conflict },
        { new ResourceConflictException("taken"), HttpStatusCode.Conflict },
        { ApiProblems.PayloadTooLarge("too big"), HttpStatusCode.RequestEntityTooLarge },
        { ApiProblems.UnsupportedMediaType("not an image"), HttpStatusCode.UnsupportedMediaType },
        { new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge), HttpStatusCode.RequestEntityTooLarge },
        { new SiloUnavailableException("silo down"), HttpStatusCode.ServiceUnavailable },
        { new Orleans.Storage.InconsistentStateException("stale activation"), HttpStatusCode.ServiceUnavailable },
        { new TimeoutException("no answer"), HttpStatusCode.GatewayTimeout },
        { new BlobStoreException("S3 down", "put", null, 3, isTransient: true), HttpStatusCode.ServiceUnavailable },
        { new BlobStoreException("access denied", "put", null, 1, isTransient: false), HttpStatusCode.BadGateway },
        { new OrleansException("boom"), HttpStatusCode.InternalServerError },
        { new InvalidOperationException("bug"), HttpStatusCode.InternalServerError },
    };

    [Theory]
    [MemberData(nameof(Mappings))]
    public async Task Exceptions_become_problem_details_with_the_right_status(Exception exception, HttpStatusCode expected)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        var handler = new GatewayExceptionHandler(services.GetRequiredService<IProblemDetailsService>(), NullLogger<GatewayExceptionHandler>.Instance);

        Assert.True(await handler.TryHandleAsync(context, exception, CancellationToken.None));

        Assert.Equal((int)expected, context.Response.StatusCode);
        Assert.Equal("application/problem+json", context.Response.ContentType);
        context.Response.Body.Position = 0;
        var problem = await JsonDocument.ParseAsync(context.Response.Body);
        var detail = problem.RootElement.GetProperty("detail").GetString();
        if ((int)expected >= 500)
        {
            // Internals stay in the log.
            Assert.DoesNotContain(exception.Message, detail, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains(exception.Message, detail, StringComparison.Ordinal);
        }
    }
}
