using System.Diagnostics;
using IngestionCluster.Runtime.Identity;
using IngestionCluster.Runtime.Messaging;
using IngestionCluster.Runtime.Transport;

namespace IngestionCluster.Runtime.Invocation;

/// <summary>Turns a proxy call into a message for the grain's partition and the transport's answer into the method's return value.</summary>
internal sealed class GrainCallInvoker(IMessageTransport transport, PartitionMap partitions, TimeSpan callTimeout, TimeProvider clock, Func<string> nextCallId)
{
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
        var message = new OutboundMessage(envelope, arguments, method, callTimeout);
        var result = method.IsOneWay ? SendOneWayAsync(message) : transport.RequestAsync(message, CancellationToken.None);
        return method.ResultAdapter(result);
    }

    private async Task<object?> SendOneWayAsync(OutboundMessage message)
    {
        await transport.SendAsync(message, CancellationToken.None).ConfigureAwait(false);
        return null;
    }
}
