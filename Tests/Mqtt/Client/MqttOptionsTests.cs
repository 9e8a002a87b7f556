using IngestionCluster.Gateway.Mqtt.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Tests.Mqtt.Client;

public sealed class MqttOptionsTests
{
    [Fact]
    public void Defaults_turn_the_bridge_off_and_suit_a_persistent_qos1_subscription()
    {
        var options = new MqttOptions();

        Assert.False(options.Enabled);
        Assert.Empty(options.Validate());
        Assert.False(options.CleanSession);
        Assert.Equal("camera/+/image_json", options.SubscriptionFilter);
        Assert.Equal(1024 * 1024, options.MaxPacketBytes);
        Assert.Equal(30, options.KeepAliveSeconds);
        Assert.StartsWith("ingest-gateway-", options.ClientId, StringComparison.Ordinal);
        Assert.Equal(options.ClientId, new MqttOptions().ClientId); // stable
        Assert.Matches("^[a-z0-9-]+$", options.ClientId);
    }

    [Fact]
    public void Options_bind_from_the_mqtt_section_with_a_shared_group()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mqtt:BrokerUrl"] = "mqtts://broker:8883",
            ["Mqtt:User"] = "gateway",
            ["Mqtt:Password"] = "pw",
            ["Mqtt:ClientId"] = "gw-1",
            ["Mqtt:SharedGroup"] = "gateways",
            ["Mqtt:MaxInFlight"] = "50",
            ["Mqtt:ReconnectInitialDelay"] = "00:00:00.500",
            ["Mqtt:ReconnectMaxDelay"] = "00:00:30",
        }).Build();
        using var provider = new ServiceCollection().AddMqttOptions(configuration).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<MqttOptions>>().Value;

        Assert.True(options.Enabled);
        Assert.Equal("$share/gateways/camera/+/image_json", options.SubscriptionFilter);
        Assert.Equal(50, options.MaxInFlight);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.ReconnectInitialDelay);
        Assert.Equal("gw-1", options.ClientId);
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
            ["Mqtt:KeepAliveSeconds"] = "-1",
            ["Mqtt:MaxInFlight"] = "0",
            ["Mqtt:MaxPacketBytes"] = "4",
            ["Mqtt:ReconnectInitialDelay"] = "00:01:00",
            ["Mqtt:ReconnectMaxDelay"] = "00:00:01",
            ["Mqtt:CaFile"] = "/nonexistent/ca.pem",
        }).Build();
        using var provider = new ServiceCollection().AddMqttOptions(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<MqttOptions>>().Value);

        var message = string.Join("\n", error.Failures);
        foreach (var setting in new[] { "Mqtt:BrokerUrl", "Mqtt:Password", "Mqtt:Topic", "Mqtt:SharedGroup", "Mqtt:KeepAliveSeconds", "Mqtt:MaxInFlight", "Mqtt:MaxPacketBytes", "Mqtt:ReconnectMaxDelay", "Mqtt:CaFile" })
        {
            Assert.Contains(setting, message, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("pw-without-user", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_persistent_session_needs_a_client_id()
    {
        var options = new MqttOptions { BrokerUrl = "mqtt://broker", ClientId = "", CleanSession = false };

        Assert.Contains(options.Validate(), e => e.Contains("Mqtt:ClientId must be set", StringComparison.Ordinal));
    }

    [Fact]
    public void Text_of_the_options_never_shows_the_password()
    {
        var options = new MqttOptions { BrokerUrl = "mqtt://broker", User = "u", Password = "hunter2" };

        Assert.DoesNotContain("hunter2", options.ToString(), StringComparison.Ordinal);
        Assert.Contains("Password=***", options.ToString(), StringComparison.Ordinal);
    }
}
