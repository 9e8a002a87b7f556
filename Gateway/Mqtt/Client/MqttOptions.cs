using System.Security.Cryptography;
using System.Text;
using IngestionCluster.ServiceDefaults.Hosting;

namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>
/// Settings of the MQTT bridge's client, bound from the configuration section <c>Mqtt</c> (environment
/// variables <c>Mqtt__BrokerUrl</c>, <c>Mqtt__User</c>, ...). The bridge is off while
/// <see cref="BrokerUrl"/> is unset. <see cref="ToString"/> never shows the password.
/// </summary>
public sealed class MqttOptions
{
    public const string SectionName = "Mqtt";
    public const string DefaultTopic = "camera/+/image_json";
    public const string ClusterSharedGroup = "gateways";
    public const string BridgeClientIdPrefix = "ingest-bridge-";
    public const int DefaultMaxPacketBytes = 1024 * 1024;

    /// <summary>A chunk travels to its grain in one Orleans message, whose body Orleans limits to 100 MB.</summary>
    public const int MaxMaxPacketBytes = 64 * 1024 * 1024;
    public const int DefaultKeepAliveSeconds = 30;
    public const int DefaultReceiveMaximum = 1000;
    public const int DefaultMaxInFlight = 1000;
    public const int MaxInFlightLimit = 65_000;

    /// <summary><c>mqtt://host:port</c> or <c>mqtts://host:port</c>; unset turns the MQTT bridge off.</summary>
    public string? BrokerUrl { get; set; }

    /// <summary>User name sent in CONNECT; unset connects anonymously.</summary>
    public string? User { get; set; }

    /// <summary>Password sent in CONNECT (needs <see cref="User"/>). Never logged.</summary>
    public string? Password { get; set; }

    /// <summary>Client identifier; stable across restarts so that the broker keeps the persistent session.</summary>
    public string ClientId { get; set; } = DefaultClientId();

    /// <summary><c>5</c> (the default) or <c>3.1.1</c>.</summary>
    public string ProtocolVersion { get; set; } = MqttProtocolVersions.V5;

    /// <summary>
    /// CONNECT's clean-start flag (clean session in MQTT 3.1.1). False (the default) resumes the broker's
    /// session, so QoS 1 messages published while the bridge was away, or delivered but never
    /// acknowledged, arrive after reconnecting.
    /// </summary>
    public bool CleanStart { get; set; }

    /// <summary>
    /// How long the broker keeps the session after the connection closes (MQTT 5 only; an MQTT 3.1.1
    /// broker applies its own setting, e.g. Mosquitto's <c>persistent_client_expiration</c>).
    /// </summary>
    public TimeSpan SessionExpiry { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Receive maximum announced in CONNECT (MQTT 5 only): the most QoS 1 messages the broker sends
    /// without their acknowledgement. It must cover the chunks of every camera handled in parallel.
    /// With MQTT 3.1.1 the broker's own limit applies (Mosquitto: <c>max_inflight_messages</c>).
    /// </summary>
    public int ReceiveMaximum { get; set; } = DefaultReceiveMaximum;

    /// <summary>Topic filter to subscribe with QoS 1; a '+' level carries the camera id.</summary>
    public string Topic { get; set; } = DefaultTopic;

    /// <summary>
    /// How the gateways of a cluster share the subscription. Unset: <see cref="MqttBridgeMode.Leader"/> in cluster
    /// mode, or <see cref="MqttBridgeMode.Shared"/> when <see cref="SharedGroup"/> is set; a standalone process
    /// subscribes alone either way.
    /// </summary>
    public MqttBridgeMode? BridgeMode { get; set; }

    /// <summary>
    /// This gateway's name in the leader lease and its logs (<see cref="MqttBridgeMode.Leader"/>): by default the machine
    /// name and, unless it is 8080, the HTTP port.
    /// </summary>
    public string GatewayName { get; set; } = DefaultClientId();

    /// <summary>
    /// Shared-subscription group (<see cref="MqttBridgeMode.Shared"/>): gateways with the same group split the
    /// messages. In shared mode it defaults to <see cref="ClusterSharedGroup"/>.
    /// </summary>
    public string? SharedGroup { get; set; }

    /// <summary>
    /// With a shared group and Redis (cluster mode): a gateway whose heartbeat has been missing for
    /// <see cref="PeerTimeout"/> has its broker session taken over by a live gateway, which handles what the
    /// broker holds for it and ends that session, so the group's messages stop going to the dead gateway.
    /// </summary>
    public bool AdoptPeerSessions { get; set; } = true;

    /// <summary>
    /// Leader mode: how long the leader's lease in Redis lasts unless renewed (a standby takes over within about this
    /// long after the leader died). Shared mode: how long a gateway's heartbeat may be missing before a peer adopts its session.
    /// </summary>
    public TimeSpan PeerTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest payload the bridge accepts; a larger message is recorded as a dead letter and acknowledged.</summary>
    public int MaxPacketBytes { get; set; } = DefaultMaxPacketBytes;

    /// <summary>Keep-alive interval sent in CONNECT; 0 turns keep-alive off. An unanswered ping drops the connection.</summary>
    public int KeepAliveSeconds { get; set; } = DefaultKeepAliveSeconds;

    /// <summary>Most messages the bridge holds at once (received, not yet acknowledged), over all cameras.</summary>
    public int MaxInFlight { get; set; } = DefaultMaxInFlight;

    /// <summary>First delay before reconnecting; doubles per failed attempt (with jitter) up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between reconnect attempts.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>First delay before handing a chunk to the cluster again after a failed call; doubles up to <see cref="HandOffRetryMaxDelay"/>.</summary>
    public TimeSpan HandOffRetryInitialDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest delay between two hand-off attempts of one chunk.</summary>
    public TimeSpan HandOffRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long one hand-off attempt waits for the camera grain before it is tried again. A call caught
    /// by a silo crash otherwise waits the whole grain-call timeout; trying again is safe because sessions
    /// recognise a chunk they already staged.
    /// </summary>
    public TimeSpan HandOffAttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a camera's hand-offs may keep failing for a reason that is no outage (an error in the cluster, not a
    /// store or silo that is down) before its messages are tried one at a time, and those that still fail are recorded
    /// as dead letters (<c>handoff_failed</c>) and acknowledged: one broken camera must not hold every other one up.
    /// </summary>
    public TimeSpan PoisonMessageTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Limit for TCP connect, TLS handshake, CONNACK and SUBACK together.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Optional PEM or DER file of CA certificates accepted as trust anchors for <c>mqtts://</c>, besides the system store.</summary>
    public string? CaFile { get; set; }

    /// <summary>True when a broker URL is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(BrokerUrl);

    /// <summary>The filter actually subscribed: <see cref="Topic"/>, or <c>$share/{SharedGroup}/{Topic}</c>.</summary>
    public string SubscriptionFilter => MqttTopicFilter.Shared(SharedGroup, Topic);

    /// <summary>
    /// <c>ingest-gateway-{machine name}</c>, lower case, limited to letters, digits and '-', with <c>-{port}</c> when the
    /// process serves HTTP on another port than the default 8080: two gateways on one machine then get ids of their
    /// own (the broker would otherwise hand one session back and forth between them), and each keeps its id across restarts.
    /// </summary>
    public static string DefaultClientId(int? httpPort = null)
    {
        var machine = new StringBuilder();
        foreach (var c in Environment.MachineName.ToLowerInvariant())
        {
            machine.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }
        return httpPort is { } port && port != HttpPortConfiguration.DefaultPort ? $"ingest-gateway-{machine}-{port}" : $"ingest-gateway-{machine}";
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
            errors.Add("Mqtt:Password is set but Mqtt:User is not; a password is sent only with a user name");
        }
        AddTextProblem(errors, "Mqtt:User", User);
        AddTextProblem(errors, "Mqtt:ClientId", ClientId);
        if (string.IsNullOrEmpty(ClientId) && !CleanStart)
        {
            errors.Add("Mqtt:ClientId must be set when Mqtt:CleanStart is false (the broker keys the persistent session by it)");
        }
        if (!MqttProtocolVersions.IsKnown(ProtocolVersion))
        {
            errors.Add($"Mqtt:ProtocolVersion must be '{MqttProtocolVersions.V5}' or '{MqttProtocolVersions.V311}', got '{ProtocolVersion}'");
        }
        if (SessionExpiry < TimeSpan.Zero || SessionExpiry.TotalSeconds > uint.MaxValue)
        {
            errors.Add($"Mqtt:SessionExpiry must be between 00:00:00 and {TimeSpan.FromSeconds(uint.MaxValue)}, got {SessionExpiry}");
        }
        else if (!CleanStart && SessionExpiry < TimeSpan.FromSeconds(1) && ProtocolVersion == MqttProtocolVersions.V5)
        {
            errors.Add("Mqtt:SessionExpiry must be at least 1 second when Mqtt:CleanStart is false (an MQTT 5 session with expiry 0 ends with its connection)");
        }
        if (ReceiveMaximum is < 1 or > ushort.MaxValue)
        {
            errors.Add($"Mqtt:ReceiveMaximum must be between 1 and {ushort.MaxValue}, got {ReceiveMaximum}");
        }
        if (MqttTopicFilter.Problem(Topic) is { } topicError)
        {
            errors.Add($"Mqtt:Topic: {topicError}");
        }
        if (SharedGroup is { Length: > 0 } group && MqttTopicFilter.SharedGroupProblem(group) is { } groupError)
        {
            errors.Add($"Mqtt:SharedGroup: {groupError}");
        }
        if (BridgeMode == MqttBridgeMode.Leader && !string.IsNullOrEmpty(SharedGroup))
        {
            errors.Add("Mqtt:SharedGroup is set but Mqtt:BridgeMode is 'Leader': one gateway subscribes at a time, so there is no group to share; drop the group or use Mqtt:BridgeMode 'Shared'");
        }
        if (BridgeMode == MqttBridgeMode.Leader && CleanStart)
        {
            errors.Add("Mqtt:CleanStart is true but Mqtt:BridgeMode is 'Leader': every new leader would throw the shared session and its unacknowledged chunks away");
        }
        AddTextProblem(errors, "Mqtt:GatewayName", GatewayName);
        if (MaxPacketBytes is < 1 or > MaxMaxPacketBytes)
        {
            errors.Add($"Mqtt:MaxPacketBytes must be between 1 and {MaxMaxPacketBytes} (64 MiB), got {MaxPacketBytes}");
        }
        if (KeepAliveSeconds is < 0 or > ushort.MaxValue)
        {
            errors.Add($"Mqtt:KeepAliveSeconds must be between 0 (off) and {ushort.MaxValue}, got {KeepAliveSeconds}");
        }
        if (MaxInFlight is < 1 or > MaxInFlightLimit)
        {
            errors.Add($"Mqtt:MaxInFlight must be between 1 and {MaxInFlightLimit}, got {MaxInFlight}");
        }
        AddBackoffProblems(errors, "Reconnect", ReconnectInitialDelay, ReconnectMaxDelay);
        AddBackoffProblems(errors, "HandOffRetry", HandOffRetryInitialDelay, HandOffRetryMaxDelay);
        if (HandOffAttemptTimeout <= TimeSpan.Zero)
        {
            errors.Add($"Mqtt:HandOffAttemptTimeout must be positive, got {HandOffAttemptTimeout}");
        }
        if (PoisonMessageTimeout <= TimeSpan.Zero)
        {
            errors.Add($"Mqtt:PoisonMessageTimeout must be positive, got {PoisonMessageTimeout}");
        }
        if (PeerTimeout < TimeSpan.FromSeconds(2) || PeerTimeout > TimeSpan.FromHours(1))
        {
            errors.Add($"Mqtt:PeerTimeout must be between 00:00:02 and 01:00:00, got {PeerTimeout}");
        }
        if (ConnectTimeout <= TimeSpan.Zero)
        {
            errors.Add($"Mqtt:ConnectTimeout must be positive, got {ConnectTimeout}");
        }
        if (!string.IsNullOrEmpty(CaFile) && CaFileProblem(CaFile) is { } caProblem)
        {
            errors.Add($"Mqtt:CaFile '{CaFile}' {caProblem}");
        }
        return errors;
    }

    public override string ToString() =>
        $"BrokerUrl={BrokerUrl}, User={User}, Password={(string.IsNullOrEmpty(Password) ? "(none)" : "***")}, ClientId={ClientId}, " +
        $"ProtocolVersion={ProtocolVersion}, CleanStart={CleanStart}, SessionExpiry={SessionExpiry}, ReceiveMaximum={ReceiveMaximum}, " +
        $"Subscription={SubscriptionFilter}, MaxPacketBytes={MaxPacketBytes}, KeepAliveSeconds={KeepAliveSeconds}, MaxInFlight={MaxInFlight}, " +
        $"Reconnect={ReconnectInitialDelay}..{ReconnectMaxDelay}, HandOffRetry={HandOffRetryInitialDelay}..{HandOffRetryMaxDelay}, HandOffAttemptTimeout={HandOffAttemptTimeout}, PoisonMessageTimeout={PoisonMessageTimeout}, " +
        $"BridgeMode={BridgeMode?.ToString() ?? "(alone)"}, GatewayName={GatewayName}, AdoptPeerSessions={AdoptPeerSessions}, PeerTimeout={PeerTimeout}, CaFile={CaFile}";

    /// <summary>These settings for a connection under another client id: a peer's session that this gateway adopts.</summary>
    public MqttOptions ForClient(string clientId, bool cleanStart)
    {
        var copy = (MqttOptions)MemberwiseClone();
        copy.ClientId = clientId;
        copy.CleanStart = cleanStart;
        return copy;
    }

    private static string? CaFileProblem(string caFile)
    {
        if (!File.Exists(caFile))
        {
            return "does not exist";
        }
        try
        {
            MqttTrustAnchors.Load(caFile);
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or CryptographicException or IOException or UnauthorizedAccessException)
        {
            return $"cannot be read as PEM or DER certificates: {ex.Message}";
        }
    }

    private static void AddTextProblem(List<string> errors, string setting, string? value)
    {
        if (value is not null && MqttTopicFilter.TextProblem(value) is { } problem)
        {
            errors.Add($"{setting}: {problem}");
        }
    }

    private static void AddBackoffProblems(List<string> errors, string name, TimeSpan initial, TimeSpan max)
    {
        if (initial <= TimeSpan.Zero)
        {
            errors.Add($"Mqtt:{name}InitialDelay must be positive, got {initial}");
        }
        else if (max < initial)
        {
            errors.Add($"Mqtt:{name}MaxDelay ({max}) must not be shorter than Mqtt:{name}InitialDelay ({initial})");
        }
    }
}
