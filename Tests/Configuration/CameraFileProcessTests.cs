using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Processes;

namespace IngestionCluster.Tests.Configuration;

/// <summary>The camera-ingest seed's <c>CAMERA_DB_FILE</c>: its <c>cameras.json</c> registers its cameras in a silo started with it.</summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class CameraFileProcessTests
{
    [Fact]
    public async Task A_standalone_silo_started_with_the_seeds_cameras_json_captures_its_cameras_and_a_restart_keeps_what_the_api_changed()
    {
        await using var mjpegCamera = await MjpegHttpCamera.StartAsync(SharedJpegs.Samples.MovingBlock, fps: 5);
        using var folder = new TempDirectory("camera-file");
        var cameraFile = folder.Combine("cameras.json");
        await File.WriteAllTextAsync(cameraFile, $$"""
            {
                "lobby": { "id": "lobby", "source_type": "mjpeg", "source_url": "{{mjpegCamera.Url}}", "status": "connected" },
                "door": { "id": "door", "source_type": "http_push", "source_url": null, "status": "disconnected" }
            }
            """);
        var settings = new Dictionary<string, string>
        {
            ["CAMERA_DB_FILE"] = cameraFile,
            ["Auth__JwtSecret"] = TestAuth.Secret,
            ["Data__Dir"] = folder.Combine("data"),
            ["Cluster__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Cluster__GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
        };

        await using (var silo = await ProductProcess.StartAsync("Silo", "camera-file", settings))
        {
            using var http = Client(silo);
            await Eventually.TrueAsync(async () => (await CameraIdsAsync(http)).SequenceEqual(["door", "lobby"]), TimeSpan.FromSeconds(30), "the file's cameras are registered");
            // The MJPEG camera captures as soon as it is registered, with no call to it.
            await Eventually.TrueAsync(async () => (await http.GetAsync("api/cameras/lobby/frame/latest")).StatusCode == HttpStatusCode.OK,
                TimeSpan.FromSeconds(30), "a frame captured from the MJPEG camera");
            using var lobby = await http.GetFromJsonAsync<JsonDocument>("api/cameras/lobby");
            Assert.Equal("http://127.0.0.1:" + mjpegCamera.Port.ToString(CultureInfo.InvariantCulture) + "/video.mjpg", lobby!.RootElement.GetProperty("source_url").GetString());

            Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync("api/cameras/door")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.PatchAsJsonAsync("api/cameras/lobby", new { fps = 2 })).StatusCode);
            await Eventually.TrueAsync(() => Task.FromResult(silo.Log().Contains("Camera file " + cameraFile + ": 2 cameras registered (door, lobby)", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(10), "the import's report");
        }

        // Started again with the same file: the deleted camera stays deleted, the changed one keeps its change.
        await using (var silo = await ProductProcess.StartAsync("Silo", "camera-file-again", settings))
        {
            using var http = Client(silo);
            await Eventually.TrueAsync(() => Task.FromResult(silo.Log().Contains("Camera file " + cameraFile + ": 0 cameras registered", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(30), "the import's report");
            Assert.Equal(["lobby"], await CameraIdsAsync(http));
            using var lobby = await http.GetFromJsonAsync<JsonDocument>("api/cameras/lobby");
            Assert.Equal(2, lobby!.RootElement.GetProperty("fps").GetDouble());
        }
    }

    [Fact]
    public async Task A_camera_file_that_breaks_a_rule_stops_the_silo_with_a_configuration_error_and_a_missing_one_is_only_logged()
    {
        using var folder = new TempDirectory("camera-file-bad");
        var cameraFile = folder.Combine("cameras.json");
        await File.WriteAllTextAsync(cameraFile, """{"cam_009": {"id": "cam_009", "source_type": "onvif", "ip_address": "10.0.0.9", "password": "hunter2"}}""");

        var (exitCode, output) = await RefusedSiloRun.RunAsync(new Dictionary<string, string>
        {
            ["CAMERA_DB_FILE"] = cameraFile,
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
        });

        Assert.True(exitCode == 3, output);
        Assert.Contains($"Configuration error: Ingest__CameraFile: The camera file {cameraFile}: camera \"cam_009\" has the source_type \"onvif\"", output, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);

        await using var silo = await ProductProcess.StartAsync("Silo", "camera-file-missing", new Dictionary<string, string>
        {
            ["CAMERA_DB_FILE"] = folder.Combine("absent.json"),
            ["Cluster__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Cluster__GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
        });
        await silo.WaitUntilReadyAsync();
        Assert.Contains($"Camera file {folder.Combine("absent.json")} does not exist: no cameras imported", silo.Log(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_setting_a_cameras_json_in_the_working_folder_is_read_as_the_seed_read_it()
    {
        var cameras = new Dictionary<string, string>
        {
            ["cameras.json"] = """{"cam_002": {"id": "cam_002", "source_type": "http_push", "source_url": null, "status": "disconnected"}}""",
        };
        await using var silo = await ProductProcess.StartAsync("Silo", "camera-file-default", new Dictionary<string, string>
        {
            ["Auth__JwtSecret"] = TestAuth.Secret,
            ["Cluster__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Cluster__GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
        }, cameras);
        using var http = Client(silo);
        await Eventually.TrueAsync(async () => (await CameraIdsAsync(http)).SequenceEqual(["cam_002"]), TimeSpan.FromSeconds(30), "the working folder's cameras.json is imported");

        // A broken one there stops the silo, and the error says why it was read and how to read none.
        var (exitCode, output) = await RefusedSiloRun.RunAsync(
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" },
            new Dictionary<string, string> { ["cameras.json"] = "{\"cam\": " });
        Assert.True(exitCode == 3, output);
        Assert.Contains("is not valid JSON", output, StringComparison.Ordinal);
        Assert.Contains("Ingest__CameraFile is not set; set Ingest__CameraFile= to an empty value to read none", output, StringComparison.Ordinal);
    }

    private static HttpClient Client(ProductProcess silo)
    {
        var http = new HttpClient { BaseAddress = silo.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestAuth.Token("admin"));
        return http;
    }

    private static async Task<string[]> CameraIdsAsync(HttpClient http)
    {
        using var page = await http.GetFromJsonAsync<JsonDocument>("api/cameras");
        return [.. page!.RootElement.GetProperty("cameras").EnumerateArray().Select(c => c.GetProperty("id").GetString()!)];
    }
}
