using System.Text;
using IngestionCluster.Gateway.Mqtt.Protocol;

namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>
/// Settings of the MQTT client, bound from the configuration section <c>Mqtt</c> (environment
/// variables <c>Mqtt__BrokerUrl</c>, <c>Mqtt__User</c>, ...). The bridge is off while
/// <see cref="BrokerUrl"/> is unset. <see cref="ToString"/> never shows the password.
/// </summary>
public sealed class MqttOptions
{
    public const string SectionName = "Mqtt";
    public const string DefaultTopic = "camera/+/image_json";
    public const int DefaultMaxPacketBytes = 1024 * 1024;
    public const int DefaultKeepAliveSeconds = 30;
    public const int DefaultMaxInFlight = 32;
    public const int MaxInFlightLimit = 65_000;

    /// <summary><c>mqtt://host:port</c> or <c>mqtts://host:port</c>; unset turns the MQTT bridge off.</summary>
    public string? BrokerUrl { get; set; }

    /// <summary>User name sent in CONNECT; unset connects anonymously.</summary>
    public string? User { get; set; }

    /// <summary>Password sent in CONNECT (needs <see cref="User"/>). Never logged.</summary>
    public string? Password { get; set; }

    /// <summary>Client identifier; stable across restarts so that the broker keeps the persistent session.</summary>
    public string ClientId { get; set; } = DefaultClientId();

    /// <summary>
    /// CONNECT's clean-session flag. False (the default) keeps the session on the broker across
    /// disconnects, so QoS 1 messages published meanwhile are delivered after reconnecting.
    /// </summary>
    public bool CleanSession { get; set; }

    /// <summary>Topic filter to subscribe with QoS 1.</summary>
    public string Topic { get; set; } = DefaultTopic;

    /// <summary>Optional shared-subscription group: several gateways with the same group split the messages.</summary>
    public string? SharedGroup { get; set; }

    /// <summary>Largest packet accepted from the broker, fixed header included; larger ones close the connection.</summary>
    public int MaxPacketBytes { get; set; } = DefaultMaxPacketBytes;

    /// <summary>Keep-alive interval sent in CONNECT; 0 turns keep-alive off. A silent broker is dropped after 1.5 × this.</summary>
    public int KeepAliveSeconds { get; set; } = DefaultKeepAliveSeconds;

    /// <summary>
    /// Most messages handled at once (received but not yet acknowledged), and most QoS 1 publishes
    /// awaiting PUBACK. Mosquitto itself sends at most <c>max_inflight_messages</c> (default 20) unacknowledged.
    /// </summary>
    public int MaxInFlight { get; set; } = DefaultMaxInFlight;

    /// <summary>First delay before reconnecting; doubles per failed attempt (with jitter) up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between reconnect attempts.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Limit for TCP connect, TLS handshake and CONNACK together.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Optional PEM or DER file of CA certificates accepted as trust anchors for <c>mqtts://</c>, besides the system store.</summary>
    public string? CaFile { get; set; }

    /// <summary>True when a broker URL is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(BrokerUrl);

    /// <summary>The filter actually subscribed: <see cref="Topic"/>, or <c>$share/{SharedGroup}/{Topic}</c>.</summary>
    public string SubscriptionFilter => MqttTopic.Shared(SharedGroup, Topic);

    /// <summary><c>ingest-gateway-{machine name}</c>, lower case, limited to letters, digits and '-'.</summary>
    public static string DefaultClientId()
    {
        var machine = new StringBuilder();
        foreach (var c in Environment.MachineName.ToLowerInvariant())
        {
            machine.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }
        return $"ingest-gateway-{machine}";
    }

    /// <summary>Every problem with these settings, each as a sentence naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Enabled)
        {
            return errors;
        }
        if (!MqttBrokerAddress.TryParse(BrokerUrl, out _, out var urlError))
        {
            errors.Add($"Mqtt:BrokerUrl: {urlError}");
        }
        if (!string.IsNullOrEmpty(Password) && string.IsNullOrEmpty(User))
        {
            errors.Add("Mqtt:Password is set but Mqtt:User is not; MQTT 3.1.1 sends a password only with a user name");
        }
        ValidateText(errors, "Mqtt:User", User);
        if (string.IsNullOrEmpty(ClientId) && !CleanSession)
        {
            errors.Add("Mqtt:ClientId must be set when Mqtt:CleanSession is false (the broker keys the persistent session by it)");
        }
        ValidateText(errors, "Mqtt:ClientId", ClientId);
        if (MqttTopic.ValidateFilter(Topic) is { } topicError)
        {
            errors.Add($"Mqtt:Topic: {topicError}");
        }
        if (SharedGroup is { Length: > 0 } group && group.AsSpan().IndexOfAny("/+#") >= 0)
        {
            errors.Add($"Mqtt:SharedGroup '{group}' must not contain '/', '+' or '#'");
        }
        if (MaxPacketBytes < MqttPacketDecoder.MinMaxPacketBytes || MaxPacketBytes > MqttRemainingLength.MaxValue + 5)
        {
            errors.Add($"Mqtt:MaxPacketBytes must be between {MqttPacketDecoder.MinMaxPacketBytes} and {MqttRemainingLength.MaxValue + 5}, got {MaxPacketBytes}");
        }
        if (KeepAliveSeconds is < 0 or > ushort.MaxValue)
        {
            errors.Add($"Mqtt:KeepAliveSeconds must be between 0 (off) and {ushort.MaxValue}, got {KeepAliveSeconds}");
        }
        if (MaxInFlight is < 1 or > MaxInFlightLimit)
        {
            errors.Add($"Mqtt:MaxInFlight must be between 1 and {MaxInFlightLimit}, got {MaxInFlight}");
        }
        if (ReconnectInitialDelay <= TimeSpan.Zero)
        {
            errors.Add($"Mqtt:ReconnectInitialDelay must be positive, got {ReconnectInitialDelay}");
        }
        if (ReconnectMaxDelay < ReconnectInitialDelay)
        {
            errors.Add($"Mqtt:ReconnectMaxDelay ({ReconnectMaxDelay}) must not be shorter than Mqtt:ReconnectInitialDelay ({ReconnectInitialDelay})");
        }
        if (ConnectTimeout <= TimeSpan.Zero)
        {
            errors.Add($"Mqtt:ConnectTimeout must be positive, got {ConnectTimeout}");
        }
        if (!string.IsNullOrEmpty(CaFile) && !File.Exists(CaFile))
        {
            errors.Add($"Mqtt:CaFile '{CaFile}' does not exist");
        }
        return errors;
    }

    public override string ToString() =>
        $"BrokerUrl={BrokerUrl}, User={User}, Password={(string.IsNullOrEmpty(Password) ? "(none)" : "***")}, ClientId={ClientId}, " +
        $"CleanSession={CleanSession}, Subscription={SubscriptionFilter}, MaxPacketBytes={MaxPacketBytes}, KeepAliveSeconds={KeepAliveSeconds}, " +
        $"MaxInFlight={MaxInFlight}, Reconnect={ReconnectInitialDelay}..{ReconnectMaxDelay}, CaFile={CaFile}";

    private static void ValidateText(List<string> errors, string setting, string? value)
    {
        if (value is null)
        {
            return;
        }
        try
        {
            MqttUtf8.ByteCountForSending(value, setting);
        }
        catch (ArgumentException ex)
        {
            errors.Add($"{setting}: {ex.Message}");
        }
    }
}
