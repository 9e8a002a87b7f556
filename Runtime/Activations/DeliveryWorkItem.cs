using System.Diagnostics;
using IngestionCluster.Runtime.Hosting;
using IngestionCluster.Runtime.Invocation;
using IngestionCluster.Runtime.Messaging;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Runtime.Activations;

/// <summary>
/// A call that came through the transport. Requests are answered and acknowledged; one-way calls are
/// acknowledged after a successful turn (unless the grain deferred it) and given back to the broker
/// after a failed one, so they are retried and dead-lettered after the delivery limit.
/// </summary>
internal sealed class DeliveryWorkItem(Delivery delivery) : WorkItem
{
    public Delivery Delivery { get; } = delivery;

    public bool Deferred { get; set; }

    /// <summary>The turn now running on this flow, if it handles a message (lets a local one-way call carry the message on).</summary>
    public static DeliveryWorkItem? Current => _current.Value;

    private static readonly AsyncLocal<DeliveryWorkItem?> _current = new();

    /// <summary>
    /// Hands this turn's unsettled message to a local one-way call in the same partition: the callee settles
    /// it, this turn no longer does. Only once per turn, and not after the grain deferred it itself.
    /// </summary>
    public bool TryCarryOn(int partition, out Delivery carried)
    {
        carried = Delivery;
        if (Deferred || Delivery.IsSettled || Delivery.Envelope.Partition != partition || Delivery.Envelope.Kind != MessageKind.OneWay)
        {
            return false;
        }
        Deferred = true;
        return true;
    }

    public override async Task ExecuteAsync(Activation activation)
    {
        var envelope = Delivery.Envelope;
        var isRequest = envelope.Kind == MessageKind.Request;
        if (!activation.Interface.MethodsByName.TryGetValue(envelope.Method, out var method))
        {
            Reject(activation, isRequest, new MissingMethodException($"Grain interface {activation.Interface.WireName} has no method '{envelope.Method}'."));
            return;
        }
        if (isRequest && envelope.DeadlineUnixMs != 0 && activation.Silo.Clock.GetUtcNow().ToUnixTimeMilliseconds() > envelope.DeadlineUnixMs)
        {
            // The caller has given up already; running the call now would only repeat work it will retry.
            Delivery.Ack();
            activation.Silo.Log.ExpiredRequestSkipped(activation.GrainId.ToString(), envelope.Method);
            return;
        }
        object?[] arguments;
        try
        {
            arguments = Delivery.ReadArguments(method);
        }
        catch (Exception e)
        {
            Reject(activation, isRequest, new ArgumentException($"The arguments of {envelope.Method} could not be read: {e.Message}"));
            return;
        }

        using var turnActivity = activation.Silo.StartTurnActivity(envelope, activation.GrainId);
        activation.BeginTurn(this);
        _current.Value = this;
        var started = activation.Silo.Clock.GetTimestamp();
        var ok = false;
        try
        {
            var result = await method.Invoker(activation.GrainInstance, arguments).ConfigureAwait(false);
            if (isRequest)
            {
                Delivery.Reply(result, method);
            }
            if (!Deferred)
            {
                Delivery.Ack();
            }
            ok = true;
        }
        catch (Exception e)
        {
            turnActivity?.SetStatus(ActivityStatusCode.Error, e.Message);
            if (isRequest)
            {
                Delivery.ReplyError(e);
                if (!Deferred)
                {
                    Delivery.Ack();
                }
            }
            else
            {
                activation.Silo.Log.OneWayTurnFailed(e, activation.GrainId.ToString(), envelope.Method, Delivery.PreviousDeliveries);
                if (!Deferred)
                {
                    Delivery.Nack(requeue: true);
                }
            }
            if (e is InconsistentStateException)
            {
                activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.StateConflict, e.Message));
            }
        }
        finally
        {
            _current.Value = null;
            activation.EndTurn();
            RuntimeMetrics.CallCompleted(activation.Interface.ShortName, isRequest, ok, activation.Silo.Clock.GetElapsedTime(started));
        }
    }

    public override void Redirect(PartitionAgent partition) => partition.Dispatch(Delivery);

    private void Reject(Activation activation, bool isRequest, Exception error)
    {
        activation.Silo.Log.CallRejected(activation.GrainId.ToString(), Delivery.Envelope.Method, error.Message);
        if (isRequest)
        {
            Delivery.ReplyError(error);
            Delivery.Ack();
        }
        else
        {
            // A one-way call that can never run goes straight to the dead-letter queue.
            RuntimeMetrics.Rejected("unrunnable");
            Delivery.Nack(requeue: false);
        }
    }
}
