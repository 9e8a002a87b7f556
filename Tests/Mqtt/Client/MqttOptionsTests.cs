using IngestionCluster.Gateway.Mqtt.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Tests.Mqtt.Client;

public sealed class MqttOptionsTests
{
    [Fact]
    public void Defaults_turn_the_bridge_off_and_suit_a_persistent_qos1_subscription_over_mqtt_5()
    {
        var options = new MqttOptions();

        Assert.False(options.Enabled);
        Assert.Empty(options.Validate());
        Assert.False(options.CleanStart);
        Assert.Equal(TimeSpan.FromDays(1), options.SessionExpiry);
        Assert.Equal("5", options.ProtocolVersion);
        Assert.Equal(1000, options.ReceiveMaximum);
        Assert.Equal("camera/+/image_json", options.SubscriptionFilter);
        Assert.Equal(30, options.KeepAliveSeconds);
        Assert.StartsWith("ingest-gateway-", options.ClientId, StringComparison.Ordinal);
        Assert.Equal(options.ClientId, new MqttOptions().ClientId); // stable
        Assert.Matches("^[a-z0-9-]+$", options.ClientId);
    }

    [Theory]
    [InlineData(null, null, "")]
    [InlineData("8081", null, "-8081")]
    [InlineData(null, "http://+:9090", "-9090")]
    [InlineData("8081", "http://0.0.0.0:8080;http://0.0.0.0:8443", "")]
    public void An_unset_client_id_names_the_machine_and_an_http_port_other_than_8080(string? port, string? urls, string suffix)
    {
        var options = Bind(new Dictionary<string, string?> { ["Mqtt:BrokerUrl"] = "mqtt://broker", ["Http:Port"] = port, ["urls"] = urls });

        Assert.Equal(MqttOptions.DefaultClientId() + suffix, options.ClientId);
    }

    [Fact]
    public void A_configured_client_id_is_kept_whatever_the_port()
    {
        var options = Bind(new Dictionary<string, string?> { ["Mqtt:BrokerUrl"] = "mqtt://broker", ["Mqtt:ClientId"] = "gw-7", ["Http:Port"] = "8081" });

        Assert.Equal("gw-7", options.ClientId);
    }

    [Fact]
    public void Options_bind_from_the_mqtt_section()
    {
        var options = Bind(new Dictionary<string, string?>
        {
            ["Mqtt:BrokerUrl"] = "mqtts://broker:8883",
            ["Mqtt:User"] = "gateway",
            ["Mqtt:Password"] = "pw",
            ["Mqtt:ClientId"] = "gw-1",
            ["Mqtt:SharedGroup"] = "gateways",
            ["Mqtt:ProtocolVersion"] = "3.1.1",
            ["Mqtt:CleanStart"] = "true",
            ["Mqtt:SessionExpiry"] = "02:00:00",
            ["Mqtt:ReceiveMaximum"] = "500",
            ["Mqtt:MaxInFlight"] = "50",
            ["Mqtt:ReconnectInitialDelay"] = "00:00:00.500",
            ["Mqtt:ReconnectMaxDelay"] = "00:00:30",
            ["Mqtt:AdoptPeerSessions"] = "false",
            ["Mqtt:PeerTimeout"] = "00:00:20",
        });

        Assert.True(options.Enabled);
        Assert.Equal("$share/gateways/camera/+/image_json", options.SubscriptionFilter);
        Assert.Equal(MqttProtocolVersions.V311, options.ProtocolVersion);
        Assert.True(options.CleanStart);
        Assert.Equal(TimeSpan.FromHours(2), options.SessionExpiry);
        Assert.Equal(500, options.ReceiveMaximum);
        Assert.Equal(50, options.MaxInFlight);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.ReconnectInitialDelay);
        Assert.Equal("gw-1", options.ClientId);
        Assert.False(options.AdoptPeerSessions);
        Assert.Equal(TimeSpan.FromSeconds(20), options.PeerTimeout);
    }

    [Theory]
    [InlineData("cluster", null, null, "Leader", "camera/+/image_json")]
    [InlineData("cluster", "Shared", null, "Shared", "$share/gateways/camera/+/image_json")]
    [InlineData("cluster", "shared", null, "Shared", "$share/gateways/camera/+/image_json")]
    [InlineData("cluster", null, "site-a", "Shared", "$share/site-a/camera/+/image_json")]
    [InlineData("standalone", null, null, null, "camera/+/image_json")]
    [InlineData(null, null, null, null, "camera/+/image_json")]
    [InlineData("standalone", null, "site-a", null, "$share/site-a/camera/+/image_json")]
    public void Gateways_in_cluster_mode_elect_one_subscriber_unless_they_are_told_to_share(string? mode, string? bridgeMode, string? group, string? expectedMode, string expectedFilter)
    {
        var options = Bind(new Dictionary<string, string?>
        {
            ["Cluster:Mode"] = mode,
            ["Mqtt:BrokerUrl"] = "mqtt://broker",
            ["Mqtt:BridgeMode"] = bridgeMode,
            ["Mqtt:SharedGroup"] = group,
        });

        Assert.Equal(expectedMode, options.BridgeMode?.ToString());
        Assert.Equal(expectedFilter, options.SubscriptionFilter);
    }

    [Fact]
    public void In_leader_mode_every_gateway_of_a_cluster_uses_one_client_id_and_names_itself_in_the_lease()
    {
        Dictionary<string, string?> Gateway(string port) => new()
        {
            ["Cluster:Mode"] = "cluster",
            ["Cluster:ClusterId"] = "site-7",
            ["Mqtt:BrokerUrl"] = "mqtt://broker",
            ["Http:Port"] = port,
        };

        var first = Bind(Gateway("8081"));
        var second = Bind(Gateway("8082"));

        Assert.Equal("ingest-bridge-site-7", first.ClientId);
        Assert.Equal(first.ClientId, second.ClientId);
        Assert.Equal(MqttOptions.DefaultClientId() + "-8081", first.GatewayName);
        Assert.Equal(MqttOptions.DefaultClientId() + "-8082", second.GatewayName);
        Assert.Equal("gw-a", Bind(new Dictionary<string, string?>(Gateway("8081")) { ["Mqtt:GatewayName"] = "gw-a" }).GatewayName);
    }

    [Fact]
    public void A_shared_group_in_leader_mode_is_refused()
    {
        var options = new MqttOptions { BrokerUrl = "mqtt://broker", BridgeMode = MqttBridgeMode.Leader, SharedGroup = "gateways" };

        Assert.Contains(options.Validate(), e => e.Contains("Mqtt:SharedGroup is set but Mqtt:BridgeMode is 'Leader'", StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_settings_fail_start_up_validation_with_every_problem_named()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mqtt:BrokerUrl"] = "http://broker",
            ["Mqtt:Password"] = "pw-without-user",
            ["Mqtt:Topic"] = "camera/#/x",
            ["Mqtt:SharedGroup"] = "a/b",
            ["Mqtt:ProtocolVersion"] = "4",
            ["Mqtt:ReceiveMaximum"] = "0",
            ["Mqtt:SessionExpiry"] = "-00:00:01",
            ["Mqtt:KeepAliveSeconds"] = "-1",
            ["Mqtt:MaxInFlight"] = "0",
            ["Mqtt:MaxPacketBytes"] = "0",
            ["Mqtt:ReconnectInitialDelay"] = "00:01:00",
            ["Mqtt:ReconnectMaxDelay"] = "00:00:01",
            ["Mqtt:HandOffRetryInitialDelay"] = "00:00:00",
            ["Mqtt:CaFile"] = "/nonexistent/ca.pem",
            ["Mqtt:PeerTimeout"] = "00:00:01",
        }).Build();
        using var provider = new ServiceCollection().AddMqttOptions(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<MqttOptions>>().Value);

        var message = string.Join("\n", error.Failures);
        foreach (var setting in new[]
        {
            "Mqtt:BrokerUrl", "Mqtt:Password", "Mqtt:Topic", "Mqtt:SharedGroup", "Mqtt:ProtocolVersion", "Mqtt:ReceiveMaximum", "Mqtt:SessionExpiry",
            "Mqtt:KeepAliveSeconds", "Mqtt:MaxInFlight", "Mqtt:MaxPacketBytes", "Mqtt:ReconnectMaxDelay", "Mqtt:HandOffRetryInitialDelay", "Mqtt:CaFile",
            "Mqtt:PeerTimeout",
        })
        {
            Assert.Contains(setting, message, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("pw-without-user", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("67108864", true)]
    // A chunk this large could never reach its grain in one Orleans message: every one would be retried for good.
    [InlineData("67108865", false)]
    [InlineData("2000000000", false)]
    public void The_largest_payload_is_bounded_by_what_one_grain_call_carries(string maxPacketBytes, bool accepted)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mqtt:BrokerUrl"] = "mqtt://broker:1883",
            ["Mqtt:MaxPacketBytes"] = maxPacketBytes,
        }).Build();
        using var provider = new ServiceCollection().AddMqttOptions(configuration).BuildServiceProvider();

        if (accepted)
        {
            Assert.Equal(int.Parse(maxPacketBytes, System.Globalization.CultureInfo.InvariantCulture), provider.GetRequiredService<IOptions<MqttOptions>>().Value.MaxPacketBytes);
        }
        else
        {
            var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<MqttOptions>>().Value);
            Assert.Contains("Mqtt:MaxPacketBytes", string.Join("\n", error.Failures), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_persistent_session_needs_a_client_id_and_under_mqtt_5_an_expiry()
    {
        var noId = new MqttOptions { BrokerUrl = "mqtt://broker", ClientId = "", CleanStart = false };
        var noExpiry = new MqttOptions { BrokerUrl = "mqtt://broker", SessionExpiry = TimeSpan.Zero };
        var cleanWithoutExpiry = new MqttOptions { BrokerUrl = "mqtt://broker", SessionExpiry = TimeSpan.Zero, CleanStart = true };
        var mqtt311WithoutExpiry = new MqttOptions { BrokerUrl = "mqtt://broker", SessionExpiry = TimeSpan.Zero, ProtocolVersion = "3.1.1" };

        Assert.Contains(noId.Validate(), e => e.Contains("Mqtt:ClientId must be set", StringComparison.Ordinal));
        Assert.Contains(noExpiry.Validate(), e => e.Contains("Mqtt:SessionExpiry must be at least 1 second", StringComparison.Ordinal));
        Assert.Empty(cleanWithoutExpiry.Validate());
        Assert.Empty(mqtt311WithoutExpiry.Validate());
    }

    [Theory]
    [InlineData("camera/+/image_json", null)]
    [InlineData("#", null)]
    [InlineData("site/+/+/json", null)]
    [InlineData("", "empty")]
    [InlineData("camera/cam+/image_json", "'+' must be a whole level")]
    [InlineData("camera/#/image_json", "'#' must be a whole level and the last one")]
    [InlineData("$share/g/camera/+/image_json", "set Mqtt:SharedGroup instead")]
    [InlineData("camera/\0/x", "U+0000")]
    public void Topic_filters_are_checked_before_the_broker_sees_them(string filter, string? problem)
    {
        var found = MqttTopicFilter.Problem(filter);

        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.Contains(problem, found, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_ca_file_that_holds_no_certificate_is_refused_at_start()
    {
        using var folder = new Fixtures.TempDirectory("mqtt-ca");
        var caFile = folder.Combine("ca.pem");
        File.WriteAllText(caFile, "not a certificate");
        var options = new MqttOptions { BrokerUrl = "mqtts://broker", CaFile = caFile };

        Assert.Contains(options.Validate(), e => e.StartsWith($"Mqtt:CaFile '{caFile}' cannot be read as PEM or DER certificates", StringComparison.Ordinal));
    }

    [Fact]
    public void Text_of_the_options_never_shows_the_password()
    {
        var options = new MqttOptions { BrokerUrl = "mqtt://broker", User = "u", Password = "hunter2" };

        Assert.DoesNotContain("hunter2", options.ToString(), StringComparison.Ordinal);
        Assert.Contains("Password=***", options.ToString(), StringComparison.Ordinal);
    }

    private static MqttOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddMqttOptions(configuration).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<MqttOptions>>().Value;
    }
}
