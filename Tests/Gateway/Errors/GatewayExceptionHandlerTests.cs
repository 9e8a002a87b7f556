using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using IngestionCluster.Gateway.Errors;
using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Errors;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Storage.Blobs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;

namespace IngestionCluster.Tests.Gateway.Errors;

public sealed class GatewayExceptionHandlerTests
{
    public static TheoryData<Exception, HttpStatusCode> Mappings => new()
    {
        { new InvalidIdException("Invalid camera id: it is empty."), HttpStatusCode.BadRequest },
        { new ArgumentException("fps must be greater than 0"), HttpStatusCode.BadRequest },
        { new InvalidFrameException("not a JPEG"), HttpStatusCode.BadRequest },
        { new FrameTooLargeException("JPEG larger than 1024 bytes (2048 bytes) (Ingest__MaxFrameBytes)."), HttpStatusCode.RequestEntityTooLarge },
        { new JsonException("bad"), HttpStatusCode.BadRequest },
        { new CameraNotFoundException("Camera 'x' is not registered."), HttpStatusCode.NotFound },
        { new ResourceNotFoundException("Job 'x' does not exist."), HttpStatusCode.NotFound },
        { new ResourceConflictException("taken"), HttpStatusCode.Conflict },
        { ApiProblems.PayloadTooLarge("too big"), HttpStatusCode.RequestEntityTooLarge },
        { ApiProblems.UnsupportedMediaType("not an image"), HttpStatusCode.UnsupportedMediaType },
        { new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge), HttpStatusCode.RequestEntityTooLarge },
        { new SiloUnavailableException("silo down"), HttpStatusCode.ServiceUnavailable },
        { new GatewayTooBusyException(), HttpStatusCode.ServiceUnavailable },
        { new Orleans.Runtime.Messaging.ConnectionFailedException("no gateway"), HttpStatusCode.ServiceUnavailable },
        // A store that is down: whether the driver's exception is seen in-process (standalone), arrives translated from a
        // silo, or sits inside an Orleans exception, the client gets 503 with Retry-After.
        { new StoreUnavailableException(StoreUnavailableException.Database, "the database is not reachable: NpgsqlException: Failed to connect"), HttpStatusCode.ServiceUnavailable },
        { new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)), HttpStatusCode.ServiceUnavailable },
        { new PostgresException("the database system is shutting down", "FATAL", "FATAL", "57P03"), HttpStatusCode.ServiceUnavailable },
        // Refusals a retry gets past: a serialization failure, a deadlock, a lock not available, a primary that failed over.
        { new PostgresException("could not serialize access", "ERROR", "ERROR", "40001"), HttpStatusCode.ServiceUnavailable },
        { new PostgresException("deadlock detected", "ERROR", "ERROR", "40P01"), HttpStatusCode.ServiceUnavailable },
        { new PostgresException("could not obtain lock", "ERROR", "ERROR", "55P03"), HttpStatusCode.ServiceUnavailable },
        { new PostgresException("cannot execute INSERT in a read-only transaction", "ERROR", "ERROR", "25006"), HttpStatusCode.ServiceUnavailable },
        { new PostgresException("canceling statement due to statement timeout", "ERROR", "ERROR", "57014"), HttpStatusCode.ServiceUnavailable },
        { new SqliteException("database is locked", 5), HttpStatusCode.ServiceUnavailable },
        // A Redis replica still written to after a failover, and a full Redis: both pass.
        { new RedisServerException(RedisErrorKind.ReadOnly, CommandFlags.None, "READONLY You can't write against a read only replica."), HttpStatusCode.ServiceUnavailable },
        { new RedisServerException(RedisErrorKind.OutOfMemory, CommandFlags.None, "OOM command not allowed when used memory > 'maxmemory'."), HttpStatusCode.ServiceUnavailable },
        { new RedisConnectionException(ConnectionFailureType.SocketClosed, CommandFlags.None, "SocketClosed on 127.0.0.1:6379", null, CommandStatus.Unknown), HttpStatusCode.ServiceUnavailable },
        // A Redis timeout is a TimeoutException, but Redis, not the cluster, is what is slow: 503, not 504.
        { new RedisTimeoutException(CommandFlags.None, "Timeout awaiting response", CommandStatus.Sent), HttpStatusCode.ServiceUnavailable },
        { new OrleansException("Error from storage provider AdoNetGrainStorage.camera during ReadStateAsync",
            new StoreUnavailableException(StoreUnavailableException.Database, "the database is not reachable")), HttpStatusCode.ServiceUnavailable },
        { new OrleansException("Lookup failed for camera/camera/cam-1 : StackExchange.Redis.RedisConnectionException: The message timed out in the backlog"), HttpStatusCode.ServiceUnavailable },
        { new SocketException((int)SocketError.ConnectionRefused), HttpStatusCode.ServiceUnavailable },
        // A refusal that waiting does not fix stays a 500, as does an Orleans exception about something else.
        { new PostgresException("duplicate key value violates unique constraint", "ERROR", "ERROR", "23505"), HttpStatusCode.InternalServerError },
        { new StoreFailedException(StoreUnavailableException.Database, "Npgsql.PostgresException", "23505: duplicate key"), HttpStatusCode.InternalServerError },
        { new SqliteException("no such table: images", 1), HttpStatusCode.InternalServerError },
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
        var handler = new GatewayExceptionHandler(services.GetRequiredService<IProblemDetailsService>(), new BindingFailures(Options.Create(new JsonOptions())), NullLogger<GatewayExceptionHandler>.Instance);

        Assert.True(await handler.TryHandleAsync(context, exception, CancellationToken.None));

        Assert.Equal((int)expected, context.Response.StatusCode);
        Assert.Equal("application/problem+json", context.Response.ContentType);
        // Retry-After exactly when the same request is expected to succeed later.
        Assert.Equal(expected is HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout ? "5" : null, context.Response.Headers.RetryAfter.FirstOrDefault());
        context.Response.Body.Position = 0;
        var problem = await JsonDocument.ParseAsync(context.Response.Body);
        Assert.Equal((int)expected, problem.RootElement.GetProperty("status").GetInt32());
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

    public static TheoryData<Exception, string> Unavailable => new()
    {
        { new StoreUnavailableException(StoreUnavailableException.Database, "x"), "The database is not reachable right now" },
        { new StoreUnavailableException(StoreUnavailableException.Redis, "x"), "Redis is not reachable right now" },
        { new BlobStoreException("S3 down", "put", null, 3, isTransient: true), "The blob store is not reachable right now" },
        { new SiloUnavailableException("silo down"), "The cluster is not reachable right now" },
        { new TimeoutException("no answer"), "The cluster did not answer in time" },
    };

    [Theory]
    [MemberData(nameof(Unavailable))]
    public async Task A_503_or_504_says_what_is_unavailable_and_when_to_retry(Exception exception, string detail)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        var handler = new GatewayExceptionHandler(services.GetRequiredService<IProblemDetailsService>(), new BindingFailures(Options.Create(new JsonOptions())), NullLogger<GatewayExceptionHandler>.Instance);

        await handler.TryHandleAsync(context, exception, CancellationToken.None);

        context.Response.Body.Position = 0;
        var problem = (await JsonDocument.ParseAsync(context.Response.Body)).RootElement;
        Assert.StartsWith(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(context.Response.StatusCode == 504 ? "Gateway timeout" : "Service unavailable", problem.GetProperty("title").GetString());
        Assert.Equal("5", context.Response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public void A_client_that_has_not_reached_a_silo_yet_gets_503_with_retry_after()
    {
        // Before any silo has told the client its grain types, Orleans' type resolver refuses our interfaces. The gateway knows
        // this refusal by its words alone: this pins them against the Orleans in use.
        using var host = Host.CreateApplicationBuilder().UseOrleansClient(client => client.UseLocalhostClustering()).Build();
        var unresolved = Assert.Throws<ArgumentException>(() => host.Services.GetRequiredService<IClusterClient>().GetGrain<ICameraGrain>("cam-1"));

        Assert.StartsWith(ExceptionProblems.NoImplementationYet, unresolved.Message, StringComparison.Ordinal);
        var problem = ExceptionProblems.Map(unresolved);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, problem.Status);
        Assert.Equal(ExceptionProblems.RetryAfterSeconds, problem.RetryAfterSeconds);
    }
}
