using IngestionCluster.Gateway.Mqtt.Protocol;

namespace IngestionCluster.Tests.Mqtt.Protocol;

public sealed class MqttTopicTests
{
    [Theory]
    [InlineData("camera/+/image_json")]
    [InlineData("#")]
    [InlineData("+")]
    [InlineData("a/#")]
    [InlineData("+/+/#")]
    [InlineData("/")]
    [InlineData("sport/tennis player1")]
    [InlineData("$share/gateways/camera/+/image_json")]
    [InlineData("$share/g/#")]
    public void Valid_topic_filters_are_accepted(string filter)
    {
        Assert.Null(MqttTopic.ValidateFilter(filter));
    }

    [Theory]
    [InlineData("", "at least one character")]
    [InlineData("a/#/b", "'#' must be the last level")]
    [InlineData("a#", "whole level")]
    [InlineData("a/b+", "whole level")]
    [InlineData("+a", "whole level")]
    [InlineData("$share/", "$share/{group}/{filter}")]
    [InlineData("$share/group", "$share/{group}/{filter}")]
    [InlineData("$share//t", "$share/{group}/{filter}")]
    [InlineData("$share/g/", "no topic filter after the group")]
    [InlineData("$share/g#/t", "must not contain + or #")]
    [InlineData("$share/g/a#", "whole level")]
    public void Invalid_topic_filters_are_explained(string filter, string expected)
    {
        Assert.Contains(expected, MqttTopic.ValidateFilter(filter), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("camera/cam-1/image_json", null)]
    [InlineData("", "at least one character")]
    [InlineData("camera/+/x", "wildcard")]
    [InlineData("camera/#", "wildcard")]
    public void Topic_names_carry_no_wildcards(string topic, string? expected)
    {
        var error = MqttTopic.ValidateName(topic);
        if (expected is null)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.Contains(expected, error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Shared_subscription_filter_is_built_from_group_and_topic()
    {
        Assert.Equal("$share/gw/camera/+/image_json", MqttTopic.Shared("gw", "camera/+/image_json"));
        Assert.Equal("camera/+/image_json", MqttTopic.Shared(null, "camera/+/image_json"));
        Assert.Equal("camera/+/image_json", MqttTopic.Shared("", "camera/+/image_json"));
    }
}
