using System.Diagnostics;
using IngestionCluster.Runtime.Activations;
using IngestionCluster.Runtime.Identity;
using IngestionCluster.Runtime.Messaging;
using IngestionCluster.Runtime.Transport;

namespace IngestionCluster.Runtime.Invocation;

/// <summary>
/// Turns a proxy call into a message for the grain's partition and the transport's answer into the
/// method's return value. Inside a silo, calls to a partition this silo serves stay in the process: a
/// request goes straight to the activation; a one-way call from a turn handling a message of the same
/// partition carries that message on (the callee settles it), so it stays as durable as a queued one.
/// </summary>
internal sealed class GrainCallInvoker(
    IMessageTransport transport,
    PartitionMap partitions,
    TimeSpan callTimeout,
    TimeProvider clock,
    Func<string> nextCallId,
    Func<int, PartitionAgent?>? localPartition = null)
{
    private static readonly Task<object?> _completed = Task.FromResult<object?>(null);

    public object Invoke(GrainInterfaceInfo grainInterface, GrainMethodInfo method, string key, object?[] arguments)
    {
        var partition = partitions.PartitionOf(grainInterface.PlacementKeyOf(key));
        var activity = Activity.Current;
        var envelope = new CallEnvelope
        {
            Kind = method.IsOneWay ? MessageKind.OneWay : MessageKind.Request,
            GrainType = grainInterface.WireName,
            GrainKey = key,
            Method = method.Name,
            Partition = partition,
            CallId = nextCallId(),
            DeadlineUnixMs = method.IsOneWay ? 0 : clock.GetUtcNow().ToUnixTimeMilliseconds() + (long)callTimeout.TotalMilliseconds,
            TraceParent = activity?.Id,
            TraceState = activity?.TraceStateString,
        };
        if (localPartition?.Invoke(partition) is { } local && TryInvokeLocally(local, envelope, method, arguments) is { } localResult)
        {
            return method.ResultAdapter(localResult);
        }
        var message = new OutboundMessage(envelope, arguments, method, callTimeout);
        var result = method.IsOneWay ? SendOneWayAsync(message) : transport.RequestAsync(message, CancellationToken.None);
        return method.ResultAdapter(result);
    }

    private Task<object?>? TryInvokeLocally(PartitionAgent local, CallEnvelope envelope, GrainMethodInfo method, object?[] arguments)
    {
        if (!method.IsOneWay)
        {
            var reply = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
            local.Dispatch(new LocalDelivery(envelope, arguments, reply, carried: null));
            return WaitForLocalReplyAsync(reply.Task, envelope);
        }
        if (DeliveryWorkItem.Current is { } turn && turn.TryCarryOn(envelope.Partition, out var carried))
        {
            local.Dispatch(new LocalDelivery(envelope, arguments, reply: null, carried));
            return _completed;
        }
        return null;
    }

    private async Task<object?> WaitForLocalReplyAsync(Task<object?> reply, CallEnvelope envelope)
    {
        try
        {
            return await reply.WaitAsync(callTimeout, clock).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new GrainCallTimeoutException($"{envelope.GrainType}.{envelope.Method} on '{envelope.GrainKey}' got no answer within {callTimeout.TotalSeconds:0.###} s.");
        }
    }

    private async Task<object?> SendOneWayAsync(OutboundMessage message)
    {
        await transport.SendAsync(message, CancellationToken.None).ConfigureAwait(false);
        return null;
    }
}
