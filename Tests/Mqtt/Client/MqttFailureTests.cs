using IngestionCluster.Gateway.Mqtt.Client;
using MQTTnet.Exceptions;

namespace IngestionCluster.Tests.Mqtt.Client;

/// <summary>The one line an operator reads for a failed connection attempt.</summary>
public sealed class MqttFailureTests
{
    private static readonly MqttBrokerAddress _broker = MqttBrokerAddress.Parse("mqtt://127.0.0.1:1883");
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public void A_connect_cancelled_long_before_the_timeout_is_said_to_be_cut_off_not_unanswered()
    {
        var line = MqttFailure.DescribeConnectFailure(new OperationCanceledException(), _broker, MqttTrustAnchors.Load(null), _timeout, TimeSpan.FromMilliseconds(32));

        Assert.Equal("connecting to mqtt://127.0.0.1:1883 was cut off after 32 ms, before the connection and its subscription were set up", line);
    }

    [Fact]
    public void A_connect_that_waited_the_timeout_or_timed_out_is_said_to_have_had_no_answer()
    {
        var trust = MqttTrustAnchors.Load(null);

        Assert.Equal("no answer from mqtt://127.0.0.1:1883 within 00:00:05",
            MqttFailure.DescribeConnectFailure(new OperationCanceledException(), _broker, trust, _timeout, TimeSpan.FromSeconds(5)));
        Assert.Equal("no answer from mqtt://127.0.0.1:1883 within 00:00:05",
            MqttFailure.DescribeConnectFailure(new OperationCanceledException(), _broker, trust, _timeout));
        Assert.Equal("no answer from mqtt://127.0.0.1:1883 within 00:00:05",
            MqttFailure.DescribeConnectFailure(new MqttCommunicationTimedOutException(), _broker, trust, _timeout, TimeSpan.FromMilliseconds(10)));
    }
}
