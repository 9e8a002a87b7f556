using Microsoft.Extensions.Logging;

namespace IngestionCluster.Gateway.Mqtt.Group;

/// <summary>Source-generated log messages of the MQTT shared group: heartbeats and adopted sessions.</summary>
internal static partial class MqttGroupLog
{
    [LoggerMessage(201, LogLevel.Warning, "MQTT gateway {Member} of group {Group} has sent no heartbeat for {PeerTimeout}: adopting its broker session")]
    public static partial void Adopting(ILogger logger, string member, string group, TimeSpan peerTimeout);

    [LoggerMessage(202, LogLevel.Information, "MQTT session of gateway {Member} drained ({Delivered} message(s) handled) and ended; the group's messages now go to the live gateways")]
    public static partial void Ended(ILogger logger, string member, int delivered);

    [LoggerMessage(203, LogLevel.Information, "MQTT session of gateway {Member} handed back as it is after {Delivered} message(s): {Why}")]
    public static partial void HandedBack(ILogger logger, string member, int delivered, string why);

    [LoggerMessage(204, LogLevel.Warning, "Adopting the MQTT session of gateway {Member} failed: {Error}; trying again while its heartbeat is missing")]
    public static partial void AdoptionFailed(ILogger logger, string member, string error);

    [LoggerMessage(205, LogLevel.Warning, "MQTT group {Group}: heartbeat or peer check in Redis failed: {Error}")]
    public static partial void RosterFailed(ILogger logger, string group, string error);

    [LoggerMessage(206, LogLevel.Information, "MQTT bridge: gateway {Gateway} leads; it subscribes {Filter} under the session {ClientId} that every gateway of the cluster shares")]
    public static partial void Leading(ILogger logger, string gateway, string filter, string clientId);

    [LoggerMessage(207, LogLevel.Information, "MQTT bridge: gateway {Holder} leads; this gateway ({Gateway}) stands by and takes over once that lease lapses (at most {PeerTimeout} after its last renewal)")]
    public static partial void StandingBy(ILogger logger, string gateway, string holder, TimeSpan peerTimeout);

    [LoggerMessage(208, LogLevel.Warning, "MQTT bridge: gateway {Gateway} gives the subscription up: {Why}")]
    public static partial void SteppingDown(ILogger logger, string gateway, string why);

    [LoggerMessage(209, LogLevel.Information, "MQTT bridge: gateway {Gateway} released its lease; a standby gateway takes the subscription over")]
    public static partial void HandedOver(ILogger logger, string gateway);

    [LoggerMessage(210, LogLevel.Warning, "MQTT bridge: the leader lease of gateway {Gateway} could not be taken or renewed in Redis: {Error}")]
    public static partial void LeaseFailed(ILogger logger, string gateway, string error);

    [LoggerMessage(211, LogLevel.Error, "MQTT {Loop}: handling a failed round failed too; the next round comes as planned")]
    public static partial void RoundRecoveryFailed(ILogger logger, string loop, Exception error);

    [LoggerMessage(212, LogLevel.Warning, "MQTT bridge: gateway {Gateway} leads without a term, as Redis refused its term script ({Error}): a former leader paused past its lease could get an image without image_id stored twice")]
    public static partial void LeadingWithoutTerm(ILogger logger, string gateway, string error);
}
