using Microsoft.Extensions.Logging;

namespace IngestionCluster.Gateway.Mqtt.Bridge;

/// <summary>Source-generated log messages of the MQTT bridge.</summary>
internal static partial class BridgeLog
{
    [LoggerMessage(101, LogLevel.Information, "MQTT bridge started: {Options}")]
    public static partial void Started(ILogger logger, string options);

    [LoggerMessage(102, LogLevel.Warning, "MQTT message on {Topic} rejected ({Reason}): {Detail}; recorded and acknowledged")]
    public static partial void Rejected(ILogger logger, string topic, string reason, string detail);

    [LoggerMessage(103, LogLevel.Warning, "{Count} MQTT chunk(s) on {Topic} not handed to the cluster (attempt {Attempt}, cause {Cause}): {Error}; not acknowledged, retrying in {RetryDelay}")]
    public static partial void HandOffFailed(ILogger logger, string topic, int count, int attempt, string cause, string error, TimeSpan retryDelay, Exception? exception);

    [LoggerMessage(104, LogLevel.Information, "MQTT chunk on {Topic} left unacknowledged: {Why}; the broker delivers it again")]
    public static partial void LeftForRedelivery(ILogger logger, string topic, string why);

    [LoggerMessage(105, LogLevel.Error, "MQTT chunk on {Topic} failed unexpectedly; left unacknowledged")]
    public static partial void Failed(ILogger logger, string topic, Exception exception);

    [LoggerMessage(106, LogLevel.Information, "MQTT bridge stopping: {Held} message(s) still held are left for redelivery")]
    public static partial void StoppingWithWork(ILogger logger, int held);

    [LoggerMessage(107, LogLevel.Error, "MQTT chunks of {Camera} failed to be handed over for {Timeout} while other cameras' were taken ({Error}); they are now tried one at a time, and each that fails again is recorded as a dead letter (handoff_failed) and acknowledged")]
    public static partial void CameraPoisoned(ILogger logger, string camera, TimeSpan timeout, string error);

    [LoggerMessage(108, LogLevel.Information, "MQTT chunks of {Camera} are handed over again")]
    public static partial void CameraRecovered(ILogger logger, string camera);
}
