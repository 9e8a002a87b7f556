using MQTTnet;
using MQTTnet.Formatter;

namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>Turns the <c>Mqtt</c> settings into MQTTnet's connection options.</summary>
internal static class MqttClientOptionsFactory
{
    public static MqttClientOptions Create(MqttOptions options, MqttBrokerAddress broker, MqttTrustAnchors trust)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Host, broker.Port)
            .WithClientId(options.ClientId)
            .WithCleanStart(options.CleanStart)
            .WithTimeout(options.ConnectTimeout);
        builder = options.KeepAliveSeconds == 0
            ? builder.WithNoKeepAlive()
            : builder.WithKeepAlivePeriod(TimeSpan.FromSeconds(options.KeepAliveSeconds));
        if (!string.IsNullOrEmpty(options.User))
        {
            builder = builder.WithCredentials(options.User, options.Password);
        }
        if (options.ProtocolVersion == MqttProtocolVersions.V311)
        {
            builder = builder.WithProtocolVersion(MqttProtocolVersion.V311);
        }
        else
        {
            builder = builder.WithProtocolVersion(MqttProtocolVersion.V500)
                .WithSessionExpiryInterval((uint)options.SessionExpiry.TotalSeconds)
                .WithReceiveMaximum((ushort)options.ReceiveMaximum);
        }
        if (broker.UseTls)
        {
            builder = builder.WithTlsOptions(new MqttClientTlsOptions
            {
                UseTls = true,
                // The URL's host, also when it is an IP address, so that the certificate's name is always checked.
                TargetHost = broker.Host,
                CertificateValidationHandler = e => trust.Validate(e.Certificate, e.Chain, e.SslPolicyErrors),
            });
        }
        return builder.Build();
    }
}
