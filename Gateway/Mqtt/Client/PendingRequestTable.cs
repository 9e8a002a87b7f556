using System.Collections.Concurrent;
using IngestionCluster.Gateway.Mqtt.Protocol;

namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>
/// Packet identifiers of this client's requests (QoS 1 PUBLISH, SUBSCRIBE, UNSUBSCRIBE) and the
/// responses awaited for them. Identifiers are non-zero, never reused while in use, and handed out
/// round-robin so that a late response cannot be mistaken for a fresh request's.
/// </summary>
internal sealed class PendingRequestTable
{
    private readonly ConcurrentDictionary<ushort, PendingRequest> _pending = new();
    private int _next;
    private Exception? _closed;

    public int Count => _pending.Count;

    /// <summary>Reserves a free identifier for a request answered by <paramref name="response"/>.</summary>
    public (ushort PacketId, Task<MqttPacket> Response) Register(MqttPacketType response)
    {
        var request = new PendingRequest(response);
        for (var attempt = 0; attempt < ushort.MaxValue; attempt++)
        {
            var id = (ushort)((uint)Interlocked.Increment(ref _next) % ushort.MaxValue + 1);
            if (!_pending.TryAdd(id, request))
            {
                continue;
            }
            if (Volatile.Read(ref _closed) is { } closed)
            {
                _pending.TryRemove(id, out _);
                throw closed;
            }
            return (id, request.Completion.Task);
        }
        throw new InvalidOperationException("all 65,535 MQTT packet identifiers are in use");
    }

    /// <summary>
    /// Completes the request that <paramref name="response"/> answers. False when no request has that
    /// identifier; throws <see cref="MqttProtocolException"/> when the response is of the wrong kind.
    /// </summary>
    public bool TryComplete(ushort packetId, MqttPacket response)
    {
        if (!_pending.TryGetValue(packetId, out var request))
        {
            return false;
        }
        if (request.ResponseType != response.Type)
        {
            throw new MqttProtocolException(
                $"broker answered packet {packetId} with {response.Type.Name()}, expected {request.ResponseType.Name()}");
        }
        _pending.TryRemove(packetId, out _);
        request.Completion.TrySetResult(response);
        return true;
    }

    /// <summary>Frees an identifier whose caller gave up waiting.</summary>
    public void Forget(ushort packetId) => _pending.TryRemove(packetId, out _);

    /// <summary>Fails every pending and future request with <paramref name="error"/>.</summary>
    public void FailAll(Exception error)
    {
        Volatile.Write(ref _closed, error);
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var request))
            {
                request.Completion.TrySetException(error);
            }
        }
    }

    private sealed class PendingRequest(MqttPacketType responseType)
    {
        public MqttPacketType ResponseType { get; } = responseType;

        public TaskCompletionSource<MqttPacket> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
