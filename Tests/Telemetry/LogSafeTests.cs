using IngestionCluster.ServiceDefaults.Logging;

namespace IngestionCluster.Tests.Telemetry;

/// <summary>Text from outside, as it reaches a log line.</summary>
public sealed class LogSafeTests
{
    [Fact]
    public void Control_characters_of_a_topic_cannot_start_a_line_or_steer_a_terminal()
    {
        Assert.Equal("camera/x??[2J?forged line/image_json", LogSafe.Topic("camera/x\r\u001b[2J\nforged line/image_json"));
    }

    [Fact]
    public void A_long_topic_is_cut_and_says_so()
    {
        var logged = LogSafe.Topic("camera/" + new string('a', 70_000) + "/image_json");

        Assert.Equal(257, logged.Length);
        Assert.EndsWith("a…", logged, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_text_is_left_as_it_is()
    {
        Assert.Equal("camera/cam-1/image_json", LogSafe.Topic("camera/cam-1/image_json"));
    }
}
