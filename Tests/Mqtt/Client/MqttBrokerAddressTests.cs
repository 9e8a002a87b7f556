using IngestionCluster.Gateway.Mqtt.Client;

namespace IngestionCluster.Tests.Mqtt.Client;

public sealed class MqttBrokerAddressTests
{
    [Theory]
    [InlineData("mqtt://broker.local", "broker.local", 1883, false)]
    [InlineData("mqtt://broker.local:1884", "broker.local", 1884, false)]
    [InlineData("mqtts://broker.local", "broker.local", 8883, true)]
    [InlineData("mqtts://10.0.0.5:9883/", "10.0.0.5", 9883, true)]
    [InlineData("MQTT://Broker:1883", "broker", 1883, false)]
    [InlineData("mqtt://[::1]:1883", "::1", 1883, false)]
    public void Broker_urls_give_host_port_and_tls(string url, string host, int port, bool tls)
    {
        var address = MqttBrokerAddress.Parse(url);

        Assert.Equal(new MqttBrokerAddress(host, port, tls), address);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("broker:1883", "expected mqtt://host:port or mqtts://host:port")]
    [InlineData("tcp://broker:1883", "scheme 'tcp' is not supported")]
    [InlineData("http://broker", "scheme 'http' is not supported")]
    [InlineData("mqtt://user:pw@broker", "must not carry credentials")]
    [InlineData("mqtt://broker/path", "must not have a path")]
    [InlineData("not a url", "is not a broker URL")]
    [InlineData("mqtt://user:pw@broker:notaport", "is not a broker URL")]
    public void Bad_broker_urls_are_explained(string url, string expected)
    {
        var error = Assert.Throws<FormatException>(() => MqttBrokerAddress.Parse(url));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw", error.Message.Replace("path", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Address_prints_as_a_url()
    {
        Assert.Equal("mqtts://broker:8883", MqttBrokerAddress.Parse("mqtts://broker").ToString());
        Assert.Equal("mqtt://[::1]:1883", MqttBrokerAddress.Parse("mqtt://[::1]").ToString());
    }
}
