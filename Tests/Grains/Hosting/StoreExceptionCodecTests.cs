using System.Net.Sockets;
using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Errors;
using IngestionCluster.Grains.Hosting;
using IngestionCluster.Storage.Blobs;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Runtime.Messaging;
using Orleans.Serialization;
using StackExchange.Redis;

namespace IngestionCluster.Tests.Grains.Hosting;

/// <summary>
/// What an exception thrown in a silo becomes in the process that called: the bytes Orleans puts on the wire, read
/// back by a serializer of the caller's kind (which has no store codec).
/// </summary>
public sealed class StoreExceptionCodecTests
{
    private static readonly Serializer _silo = CreateSerializer(withStoreCodec: true);
    private static readonly Serializer _caller = CreateSerializer(withStoreCodec: false);

    public static TheoryData<Exception, string> Outages => new()
    {
        { new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)), StoreUnavailableException.Database },
        { new PostgresException("the database system is starting up", "FATAL", "FATAL", "57P03"), StoreUnavailableException.Database },
        { new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01"), StoreUnavailableException.Database },
        { new SqliteException("database is locked", 5), StoreUnavailableException.Database },
        { new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, "No connection is active/available to service this operation", null, CommandStatus.Unknown), StoreUnavailableException.Redis },
        { new RedisTimeoutException(CommandFlags.None, "Timeout awaiting response", CommandStatus.Sent), StoreUnavailableException.Redis },
        { new BlobStoreException("S3 did not answer", "put", null, 4, isTransient: true), StoreUnavailableException.BlobStore },
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public void A_store_outage_reaches_the_caller_as_StoreUnavailableException_naming_the_store(Exception thrown, string store)
    {
        var received = Assert.IsType<StoreUnavailableException>(RoundTrip(thrown));

        Assert.Equal(store, received.Store);
        Assert.Contains(thrown.Message, received.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_store_refusal_that_waiting_does_not_fix_keeps_the_driver_type_and_message()
    {
        var thrown = new PostgresException("duplicate key value violates unique constraint \"images_pkey\"", "ERROR", "ERROR", "23505");

        var received = Assert.IsType<StoreFailedException>(RoundTrip(thrown));

        Assert.Equal(StoreUnavailableException.Database, received.Store);
        Assert.Equal("Npgsql.PostgresException", received.ExceptionType);
        Assert.Contains("duplicate key", received.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_driver_exception_inside_an_orleans_exception_is_translated_where_it_sits()
    {
        // What Orleans throws when a grain's state cannot be read during its activation.
        var thrown = new OrleansException("Error from storage provider AdoNetGrainStorage.camera during ReadStateAsync",
            new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)));

        var received = Assert.IsType<OrleansException>(RoundTrip(thrown));

        Assert.Equal(StoreUnavailableException.Database, Assert.IsType<StoreUnavailableException>(received.InnerException).Store);
    }

    public static TheoryData<Exception> KeptAsThrown => new()
    {
        new CameraNotFoundException("Camera 'x' is not registered."),
        new InvalidFrameException("not a JPEG"),
        new FrameTooLargeException("JPEG larger than 1024 bytes"),
        new ResourceNotFoundException("Job 'x' does not exist."),
        new ResourceConflictException("taken"),
        new StoreUnavailableException(StoreUnavailableException.Redis, "Redis is not reachable"),
        new SiloUnavailableException("silo down"),
        new GatewayTooBusyException(),
        new Orleans.Storage.InconsistentStateException("stale etag"),
        new TimeoutException("Response did not arrive on time"),
    };

    [Theory]
    [MemberData(nameof(KeptAsThrown))]
    public void Domain_and_failover_exceptions_keep_their_type_and_message(Exception thrown)
    {
        var received = RoundTrip(thrown);

        Assert.IsType(thrown.GetType(), received);
        Assert.Equal(thrown.Message, received.Message);
    }

    [Fact]
    public void Without_the_codec_a_driver_exception_cannot_leave_the_silo_at_all()
    {
        // Why the codec exists: Orleans has no codec for Npgsql's exception, so the caller would get a codec error instead.
        Assert.Throws<CodecNotFoundException>(() => _caller.SerializeToArray<Exception>(new NpgsqlException("Failed to connect")));
    }

    private static Exception RoundTrip(Exception thrown) =>
        _caller.Deserialize<Exception>(_silo.SerializeToArray<Exception>(thrown)) ?? throw new InvalidOperationException("nothing was read back");

    private static Serializer CreateSerializer(bool withStoreCodec)
    {
        var services = new ServiceCollection().AddSerializer();
        if (withStoreCodec)
        {
            services.AddStoreExceptionCodec();
        }
        return services.BuildServiceProvider().GetRequiredService<Serializer>();
    }
}
