using System.Buffers;
using IngestionCluster.Grains.Abstractions.Errors;
using IngestionCluster.Storage.Resilience;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Codecs;
using Orleans.Serialization.GeneratedCodeHelpers;
using Orleans.Serialization.Serializers;
using Orleans.Serialization.WireProtocol;

namespace IngestionCluster.Grains.Hosting;

/// <summary>
/// Orleans has no codec for the exceptions of the store drivers (Npgsql, Microsoft.Data.Sqlite, StackExchange.Redis,
/// the blob stores): a grain call, a grain activation or a state load that failed on one would reach the caller as
/// "could not find a codec", its cause lost, and the gateway would answer 500. This codec writes such an exception as
/// one the caller can read: <see cref="StoreUnavailableException"/> when the store is down (the gateway answers 503
/// with <c>Retry-After</c>, the MQTT bridge retries), <see cref="StoreFailedException"/> otherwise, with the driver's
/// type and message. It only writes: on the wire the exception is already one of those two.
/// </summary>
public sealed class StoreExceptionCodec : IGeneralizedCodec
{
    public bool IsSupportedType(Type type) => typeof(Exception).IsAssignableFrom(type) && StoreOutages.DriverOf(type) is not null;

    public void WriteField<TBufferWriter>(ref Writer<TBufferWriter> writer, uint fieldIdDelta, Type? expectedType, object? value)
        where TBufferWriter : IBufferWriter<byte>
    {
        if (value is null)
        {
            ReferenceCodec.WriteNullReference(ref writer, fieldIdDelta);
            return;
        }
        OrleansGeneratedCodeHelper.SerializeUnexpectedType(ref writer, fieldIdDelta, expectedType, Translate((Exception)value));
    }

    public object ReadValue<TInput>(ref Reader<TInput> reader, Field field) =>
        throw new NotSupportedException($"{nameof(StoreExceptionCodec)} writes store exceptions as {nameof(StoreUnavailableException)} or {nameof(StoreFailedException)}; it never reads.");

    /// <summary>What a store driver's exception becomes on the wire.</summary>
    public static Exception Translate(Exception exception) =>
        StoreOutages.Recognize(exception) is { } outage
            ? outage
            : new StoreFailedException(StoreOutages.DriverOf(exception.GetType()) ?? StoreOutages.Network, exception.GetType().FullName ?? exception.GetType().Name,
                exception.Message);
}
