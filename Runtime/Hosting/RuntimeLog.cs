using Microsoft.Extensions.Logging;

namespace IngestionCluster.Runtime.Hosting;

/// <summary>Source-generated log messages of the runtime's hot paths.</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(1001, LogLevel.Debug, "Request {Grain}.{Method} expired before it ran; skipped")]
    public static partial void ExpiredRequestSkipped(this ILogger logger, string grain, string method);

    [LoggerMessage(1002, LogLevel.Warning, "One-way call {Grain}.{Method} failed (previous deliveries: {PreviousDeliveries}); returned to the broker")]
    public static partial void OneWayTurnFailed(this ILogger logger, Exception exception, string grain, string method, int previousDeliveries);

    [LoggerMessage(1003, LogLevel.Warning, "Call {Grain}.{Method} rejected: {Reason}")]
    public static partial void CallRejected(this ILogger logger, string grain, string method, string reason);

    [LoggerMessage(1004, LogLevel.Debug, "{Grain} deactivated ({Reason})")]
    public static partial void Deactivated(this ILogger logger, string grain, string reason);

    [LoggerMessage(1005, LogLevel.Information, "Partition {Partition} active under epoch {Epoch}")]
    public static partial void PartitionActive(this ILogger logger, int partition, long epoch);

    [LoggerMessage(1006, LogLevel.Debug, "Partition {Partition} claimed by {Silo}")]
    public static partial void PartitionClaimed(this ILogger logger, int partition, string silo);

    [LoggerMessage(1007, LogLevel.Information, "Partition {Partition} released by {Silo}")]
    public static partial void PartitionReleased(this ILogger logger, int partition, string silo);
}
