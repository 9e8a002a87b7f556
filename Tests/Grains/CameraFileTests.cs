using System.Text;
using System.Text.Json;
using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Cameras;
using IngestionCluster.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using IngestionCluster.Tests.Fixtures;

namespace IngestionCluster.Tests.Grains;

/// <summary>The camera file: the camera-ingest seed's <c>cameras.json</c> as its service wrote it.</summary>
public sealed class CameraFileTests
{
    // The shape the seed's service saved (model_dump of its Camera: the ONVIF fields and the status included).
    private const string SeedFile = """
        {
            "cam_001": {
                "id": "cam_001",
                "source_type": "rtsp",
                "source_url": "rtsp://admin:secret@10.0.0.5:554/stream1",
                "ip_address": null,
                "onvif_port": null,
                "username": null,
                "password": null,
                "status": "connected"
            },
            "cam_002": { "id": "cam_002", "source_type": "mjpeg", "source_url": "http://10.0.0.6:81/videostream.cgi?user=admin&pwd=1234" },
            "door": { "id": "door", "source_type": "http_push", "source_url": null, "status": "disconnected" }
        }
        """;

    [Fact]
    public void The_seeds_cameras_json_gives_each_camera_its_type_and_url_with_the_default_settings()
    {
        var entries = CameraFile.Parse(Encoding.UTF8.GetBytes(SeedFile));

        Assert.Equal(
            [
                new CameraFileEntry("cam_001", CameraSourceType.Rtsp, "rtsp://admin:secret@10.0.0.5:554/stream1"),
                new CameraFileEntry("cam_002", CameraSourceType.Mjpeg, "http://10.0.0.6:81/videostream.cgi?user=admin&pwd=1234"),
                new CameraFileEntry("door", CameraSourceType.HttpPush),
            ],
            entries);
        Assert.Equal(new CameraRegistration(CameraSourceType.Rtsp, "rtsp://admin:secret@10.0.0.5:554/stream1"), entries[0].ToRegistration());
    }

    [Fact]
    public void An_array_of_cameras_with_this_products_fps_and_buffer_size_and_a_byte_order_mark_is_read_too()
    {
        var entries = CameraFile.Parse((byte[])[0xEF, 0xBB, 0xBF, .. """
            [
              // comments and a trailing comma, as hand-written files have them
              { "id": "gate", "source_type": "rtsp", "source_url": "rtsps://cam/gate", "fps": 2.5, "buffer_size": 60 },
              { "id": "feed", "source_type": "mqtt" },
            ]
            """u8]);

        Assert.Equal(new CameraRegistration(CameraSourceType.Rtsp, "rtsps://cam/gate", 2.5, 60), entries[0].ToRegistration());
        Assert.Equal(new CameraRegistration(CameraSourceType.Mqtt), entries[1].ToRegistration());
    }

    [Theory]
    [InlineData("""{"a": {"id": "a", "source_type": "onvif", "ip_address": "10.0.0.7"}}""", "camera \"a\" has the source_type \"onvif\"; this product takes http_push, rtsp, mqtt, mjpeg (register an ONVIF camera by its RTSP stream URL).")]
    [InlineData("""{"a": {"id": "a", "source_type": "rtsp"}}""", "camera \"a\": source_url is required for an rtsp camera.")]
    [InlineData("""{"a": {"id": "a", "source_type": "mjpeg", "source_url": "rtsp://cam/a"}}""", "camera \"a\": source_url must be an http:// or https:// URL.")]
    [InlineData("""{"a": {"id": "b", "source_type": "http_push"}}""", "camera \"a\" has the id \"b\"; an entry's id must be its key.")]
    [InlineData("""{"a b": {"source_type": "http_push"}}""", "camera \"a b\": invalid camera id: character 2 (U+0020) is not one of A-Z a-z 0-9 _ . -.")]
    [InlineData("""[{"id": "a", "source_type": "http_push"}, {"id": "a", "source_type": "mqtt"}]""", "camera 2: camera id \"a\" is in the file twice.")]
    [InlineData("""[{"source_type": "http_push"}]""", "camera 1 has no \"id\".")]
    [InlineData("""{"a": {"id": "a"}}""", "camera \"a\" has no \"source_type\" (http_push, rtsp, mqtt, mjpeg).")]
    [InlineData("""{"a": {"id": "a", "source_type": "http_push", "fps": "fast"}}""", "camera \"a\": \"fps\" must be a number.")]
    [InlineData("""{"a": {"id": "a", "source_type": "http_push", "buffer_size": 2.5}}""", "camera \"a\": \"buffer_size\" must be a whole number, not 2.5.")]
    [InlineData("""{"a": {"id": "a", "source_type": "http_push", "buffer_size": 0}}""", "camera \"a\": buffer_size must be between 1 and 600.")]
    [InlineData("""{"a": "rtsp://cam/a"}""", "camera \"a\" must be an object such as {\"id\": \"cam_001\", \"source_type\": \"rtsp\", \"source_url\": \"rtsp://…\"}.")]
    [InlineData("""{"a": {"id": "a", "source_type": "rtsp", "source_url": "rtsp://cam/a b"}}""", "camera \"a\": source_url is not a usable RTSP URL: the URL must not contain spaces or control characters.")]
    [InlineData("""{"a": {"id": "a", "source_type": "mjpeg", "source_url": "http://cam/a", "fps": 0.0001}}""", "camera \"a\": fps must be at least 0.001 for an MJPEG camera.")]
    [InlineData("""42""", "it must hold an object from camera id to camera (as the camera-ingest seed's cameras.json) or an array of cameras.")]
    public void A_camera_that_breaks_a_rule_is_named_with_the_rule(string json, string expected)
    {
        var refused = Assert.Throws<CameraFileException>(() => CameraFile.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(expected, refused.Message);
    }

    [Fact]
    public void An_empty_setting_names_no_camera_file_and_an_unset_one_leaves_the_seeds_default()
    {
        static string? Bound(string? value) => new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Ingest:CameraFile"] = value, ["Ingest:MaxChunksPerImage"] = "1000" }).Build()
            .GetSection(IngestOptions.SectionName).Get<IngestOptions>()!.CameraFile;

        Assert.Equal(string.Empty, Bound(string.Empty));
        Assert.Null(Bound(null));
        Assert.Equal("cameras.json", IngestOptions.DefaultCameraFile);
    }

    [Fact]
    public void Text_after_the_cameras_is_refused_rather_than_dropped()
    {
        // A hand edit gone wrong: the second camera is outside the object.
        Assert.ThrowsAny<JsonException>(() => CameraFile.Parse("""{"a": {"id": "a", "source_type": "mqtt"}}, "b": {"id": "b", "source_type": "mqtt"}}"""u8.ToArray()));
    }

    [Fact]
    public async Task A_file_that_is_not_json_or_cannot_be_read_is_named_and_no_url_is_quoted()
    {
        using var directory = new TempDirectory("camera-file");
        var broken = directory.Combine("cameras.json");
        await File.WriteAllTextAsync(broken, """{"cam": {"id": "cam", "source_type": "rtsp", "source_url": "rtsp://u:hunter2@cam/x" """);

        var notJson = await Assert.ThrowsAsync<CameraFileException>(() => CameraFile.ReadAsync(broken, CancellationToken.None));
        Assert.StartsWith($"The camera file {broken} is not valid JSON: ", notJson.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", notJson.Message, StringComparison.Ordinal);

        await File.WriteAllTextAsync(broken, """{"cam": {"id": "cam", "source_type": "mjpeg", "source_url": "ftp://u:hunter2@cam/x"}}""");
        var badUrl = await Assert.ThrowsAsync<CameraFileException>(() => CameraFile.ReadAsync(broken, CancellationToken.None));
        Assert.Equal($"The camera file {broken}: camera \"cam\": source_url must be an http:// or https:// URL.", badUrl.Message);

        var folder = await Assert.ThrowsAsync<CameraFileException>(() => CameraFile.ReadAsync(directory.Path, CancellationToken.None));
        Assert.StartsWith($"The camera file {directory.Path} is a folder", folder.Message, StringComparison.Ordinal);
        Assert.Null(await CameraFile.ReadAsync(directory.Combine("absent.json"), CancellationToken.None));
        Assert.Null(await CameraFile.ReadAsync(directory.Combine("absent/cameras.json"), CancellationToken.None));
    }
}
