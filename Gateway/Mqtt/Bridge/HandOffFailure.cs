using IngestionCluster.Storage.Resilience;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Orleans.Storage;

namespace IngestionCluster.Gateway.Mqtt.Bridge;

/// <summary>
/// Why a chunk could not be handed to the cluster, for the log line and the <c>cause</c> label of
/// <c>ingest_mqtt_handoff_failures</c>: the store that is down (<c>database</c>, <c>redis</c>, <c>blob_store</c>,
/// <c>network</c>), <c>cluster</c> (no silo, or one failing over), <c>timeout</c>, <c>not_taken</c>, or <c>other</c>.
/// </summary>
/// <param name="Cause">The label.</param>
/// <param name="Detail">One line for the log: what failed, without the stack traces Orleans puts into some messages.</param>
internal readonly record struct HandOffFailure(string Cause, string Detail)
{
    public const string Cluster = "cluster";
    public const string Timeout = "timeout";
    public const string NotTaken = "not_taken";
    public const string Other = "other";

    public static HandOffFailure Of(Exception exception) => exception switch
    {
        _ when StoreOutages.Recognize(exception) is { } outage => new(outage.Store, outage.Message),
        SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException or InconsistentStateException =>
            new(Cluster, Describe(exception)),
        TimeoutException => new(Timeout, Describe(exception)),
        ChunkNotTakenException => new(NotTaken, Describe(exception)),
        _ => new(Other, Describe(exception)),
    };

    private static string Describe(Exception exception) => $"{exception.GetType().Name}: {exception.Message}";
}
