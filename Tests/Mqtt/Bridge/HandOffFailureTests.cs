using System.Net.Sockets;
using IngestionCluster.Gateway.Mqtt.Bridge;
using IngestionCluster.Grains.Abstractions.Errors;
using IngestionCluster.Storage.Blobs;
using Npgsql;
using StackExchange.Redis;

namespace IngestionCluster.Tests.Mqtt.Bridge;

public sealed class HandOffFailureTests
{
    public static TheoryData<Exception, string> Causes => new()
    {
        { new StoreUnavailableException(StoreUnavailableException.Database, "the database is not reachable: NpgsqlException: Failed to connect"), "database" },
        { new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)), "database" },
        { new RedisConnectionException(ConnectionFailureType.SocketClosed, CommandFlags.None, "SocketClosed on 127.0.0.1:6379", null, CommandStatus.Unknown), "redis" },
        // A Redis timeout names Redis, not the cluster.
        { new RedisTimeoutException(CommandFlags.None, "Timeout awaiting response", CommandStatus.Sent), "redis" },
        { new OrleansException("Lookup failed for camera/camera/cam-1 : StackExchange.Redis.RedisConnectionException: The message timed out in the backlog"), "redis" },
        { new BlobStoreException("S3 down", "put", null, 3, isTransient: true), "blob_store" },
        { new SiloUnavailableException("silo down"), "cluster" },
        { new Orleans.Storage.InconsistentStateException("stale activation"), "cluster" },
        { new TimeoutException("no answer within 5 s"), "timeout" },
        { new ChunkNotTakenException("cam-1", "Busy"), "not_taken" },
        { new InvalidOperationException("a bug"), "other" },
    };

    [Theory]
    [MemberData(nameof(Causes))]
    public void A_failed_hand_off_is_labelled_with_what_was_down(Exception exception, string cause)
    {
        var failure = HandOffFailure.Of(exception);

        Assert.Equal(cause, failure.Cause);
        Assert.Contains(exception.Message, failure.Detail, StringComparison.Ordinal);
    }
}
