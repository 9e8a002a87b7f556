using System.Text;
using IngestionCluster.Gateway.Mqtt.Bridge;

namespace IngestionCluster.Tests.Mqtt.Bridge;

public sealed class ChunkPayloadParserTests
{
    private static ParsedChunk Parse(string json, string? topicCamera = "cam-1") =>
        ChunkPayloadParser.Parse(Encoding.UTF8.GetBytes(json), topicCamera, DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_well_formed_chunk_is_read_with_its_optional_image_id()
    {
        var parsed = Parse("""{"id":"cam-1","index":3,"total":15,"data":"AAEC","image_id":"shot-9","extra":{"ignored":[1,2]}}""");
        Assert.Null(parsed.Rejection);
        Assert.Equal(("cam-1", 3, 15, "shot-9"), (parsed.Chunk!.CameraId, parsed.Chunk.Index, parsed.Chunk.Total, parsed.Chunk.ImageId));
        Assert.Equal(new byte[] { 0, 1, 2 }, parsed.Chunk.Data);
    }

    [Fact]
    public void Numeric_ids_are_accepted_as_firmware_sends_them()
    {
        var parsed = Parse("""{"id":1,"index":0,"total":2,"data":"AA==","image_id":77}""", topicCamera: "1");
        Assert.Equal("1", parsed.Chunk!.CameraId);
        Assert.Equal("77", parsed.Chunk.ImageId);
    }

    [Theory]
    [InlineData("not json at all", BridgeRejection.NotJson)]
    [InlineData("[1,2,3]", BridgeRejection.NotJson)]
    [InlineData("""{"id":"cam-1","index":0,"total":2""", BridgeRejection.NotJson)]
    [InlineData("""{"id":"cam-1","total":2,"data":"AA=="}""", BridgeRejection.MissingField)]
    [InlineData("""{"id":"cam-1","index":0,"data":"AA=="}""", BridgeRejection.MissingField)]
    [InlineData("""{"id":"cam-1","index":0,"total":2}""", BridgeRejection.MissingField)]
    [InlineData("""{"id":"cam-1","index":"zero","total":2,"data":"AA=="}""", BridgeRejection.InvalidField)]
    [InlineData("""{"id":"cam-1","index":0.5,"total":2,"data":"AA=="}""", BridgeRejection.InvalidField)]
    [InlineData("""{"id":"cam-1","index":0,"total":2,"data":42}""", BridgeRejection.InvalidField)]
    [InlineData("""{"id":{"x":1},"index":0,"total":2,"data":"AA=="}""", BridgeRejection.InvalidField)]
    [InlineData("""{"id":"cam-1","index":0,"total":2,"data":"not*base64!"}""", BridgeRejection.InvalidBase64)]
    [InlineData("""{"id":"cam-1","index":0,"total":2,"data":"AAE"}""", BridgeRejection.InvalidBase64)]
    // A field given twice: which one was meant cannot be told.
    [InlineData("""{"id":"cam-1","index":0,"total":3,"data":"AA==","index":2}""", BridgeRejection.InvalidField)]
    [InlineData("""{"id":"cam-1","index":0,"total":2,"data":"AA==","image_id":"a","image_id":null}""", BridgeRejection.InvalidField)]
    [InlineData("""{"id":"cam-1","index":0,"total":2,"data":"AA==","data":"AQ=="}""", BridgeRejection.InvalidField)]
    public void Bad_payloads_are_rejected_with_a_reason(string json, string reason)
    {
        var parsed = Parse(json);
        Assert.Null(parsed.Chunk);
        Assert.Equal(reason, parsed.Rejection);
        Assert.False(string.IsNullOrWhiteSpace(parsed.Detail));
    }

    [Theory]
    // The ThermoSense seed's own test publisher: the image's id in "id", the camera in the topic.
    [InlineData("""{"id":"test-1796606912","index":0,"total":2,"data":"AA=="}""")]
    [InlineData("""{"id":"cam-2","index":0,"total":2,"data":"AA=="}""")]
    [InlineData("""{"index":0,"total":2,"data":"AA=="}""")]
    [InlineData("""{"id":"not a camera id: at all","index":0,"total":2,"data":"AA=="}""")]
    public void The_topic_names_the_camera_whatever_the_payload_s_id_says(string json)
    {
        var parsed = Parse(json, topicCamera: "2");
        Assert.Null(parsed.Rejection);
        Assert.Equal("2", parsed.Chunk!.CameraId);
    }

    [Fact]
    public void Index_and_total_may_be_strings_of_digits_as_python_s_int_reads_them()
    {
        var parsed = Parse("""{"id":"cam-1","index":"3","total":"15","data":"AA=="}""");
        Assert.Equal((3, 15), (parsed.Chunk!.Index, parsed.Chunk.Total));
        Assert.Equal(BridgeRejection.InvalidField, Parse("""{"id":"cam-1","index":"-1","total":"15","data":"AA=="}""").Rejection);
        Assert.Equal(BridgeRejection.InvalidField, Parse("""{"id":"cam-1","index":" 3","total":"15","data":"AA=="}""").Rejection);
    }

    [Theory]
    [InlineData("""{"index":0,"total":2,"data":"AA=="}""", null, BridgeRejection.MissingField, "id")]
    [InlineData("""{"id":"../../etc","index":0,"total":2,"data":"AA=="}""", null, BridgeRejection.InvalidCameraId, "payload id")]
    [InlineData("""{"id":"cam-1","index":0,"total":2,"data":"AA=="}""", "bad id", BridgeRejection.InvalidCameraId, "topic's camera level 'bad id'")]
    // A line break in the id would start a forged line in a plain-text log: it is quoted as '?'.
    [InlineData("""{"id":"cam\nINFO forged","index":0,"total":2,"data":"AA=="}""", null, BridgeRejection.InvalidCameraId, "payload id 'cam?INFO forged'")]
    public void Without_a_camera_level_in_the_topic_the_payload_s_id_is_the_camera_and_must_be_valid(string json, string? topicCamera, string reason, string detail)
    {
        var parsed = Parse(json, topicCamera);
        Assert.Equal(reason, parsed.Rejection);
        Assert.Contains(detail, parsed.Detail, StringComparison.Ordinal);
        Assert.Equal("cam-9", Parse("""{"id":"cam-9","index":0,"total":2,"data":"AA=="}""", topicCamera: null).Chunk!.CameraId);
    }

    [Fact]
    public void The_camera_level_of_a_topic_follows_the_filter()
    {
        Assert.Equal("Haas_Pit_1", new TopicCameraLevel("camera/+/image_json").CameraIdOf("camera/Haas_Pit_1/image_json"));
        Assert.Equal("x", new TopicCameraLevel("site/a/+/chunks").CameraIdOf("site/a/x/chunks"));
        Assert.Null(new TopicCameraLevel("cameras/all").CameraIdOf("cameras/all"));
    }
}
