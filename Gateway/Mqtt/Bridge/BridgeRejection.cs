namespace IngestionCluster.Gateway.Mqtt.Bridge;

/// <summary>Why the bridge refused a message (the <c>reason</c> label of its rejection counter).</summary>
public static class BridgeRejection
{
    public const string NotJson = "not_json";
    public const string MissingField = "missing_field";
    public const string InvalidField = "invalid_field";
    public const string InvalidCameraId = "invalid_camera_id";
    public const string InvalidBase64 = "invalid_base64";
    public const string TooLarge = "too_large";

    /// <summary>The cluster kept failing to take it, for no outage, past <c>Mqtt:PoisonMessageTimeout</c>.</summary>
    public const string HandOffFailed = "handoff_failed";
}
