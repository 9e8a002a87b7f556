using Orleans;

namespace IngestionCluster.Grains.Abstractions.Errors;

/// <summary>
/// A store the call needs (the database, Redis or the blob store) cannot be reached right now; the same call is
/// expected to succeed once it is back. Silos raise it in place of the driver's own exception, which Orleans could
/// not carry to the caller, so gateways answer 503 with <c>Retry-After</c> and the MQTT bridge retries.
/// </summary>
[GenerateSerializer, Alias("ic.StoreUnavailableException")]
public sealed class StoreUnavailableException(string store, string message) : Exception(message)
{
    public const string Database = "database";
    public const string Redis = "redis";
    public const string BlobStore = "blob_store";

    /// <summary>Which store: <see cref="Database"/>, <see cref="Redis"/> or <see cref="BlobStore"/> (the health check names).</summary>
    [Id(0)]
    public string Store { get; } = store;
}
