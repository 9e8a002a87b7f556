using IngestionCluster.Gateway.Mqtt.Client;
using IngestionCluster.Tests.Fixtures;

namespace IngestionCluster.Tests.Mqtt.Client;

/// <summary>Client options for the test Mosquitto brokers: fast retries, unique client ids.</summary>
internal static class MosquittoTestOptions
{
    public static MqttOptions For(MosquittoServer server, string? clientId = null, bool cleanStart = true, string? url = null, string protocolVersion = MqttProtocolVersions.V5) => new()
    {
        BrokerUrl = url ?? server.BrokerUrl,
        User = server.User,
        Password = server.Password,
        ClientId = clientId ?? UniqueId("client"),
        CleanStart = cleanStart,
        ProtocolVersion = protocolVersion,
        KeepAliveSeconds = 5,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        ReconnectInitialDelay = TimeSpan.FromMilliseconds(100),
        ReconnectMaxDelay = TimeSpan.FromSeconds(1),
        HandOffRetryInitialDelay = TimeSpan.FromMilliseconds(100),
        HandOffRetryMaxDelay = TimeSpan.FromSeconds(1),
    };

    public static string UniqueId(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";

    public static string UniqueTopic(string test) => $"test/{test}/{Guid.NewGuid():N}";
}
