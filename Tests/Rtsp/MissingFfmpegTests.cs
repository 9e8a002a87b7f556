using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Processes;

namespace IngestionCluster.Tests.Rtsp;

/// <summary>A new user's machine without ffmpeg: RTSP cameras cannot capture, and say so, but stay manageable.</summary>
public sealed class MissingFfmpegTests
{
    [Fact]
    public async Task Without_ffmpeg_an_rtsp_camera_registers_says_why_it_does_not_capture_and_can_be_deleted_also_after_a_restart()
    {
        using var bin = new TempDirectory("no-ffmpeg-bin");
        using var data = new TempDirectory("no-ffmpeg-data");
        // What the silo and its process guard need from PATH, and no ffmpeg.
        foreach (var program in new[] { "dotnet", "sh", "setsid", "sleep" })
        {
            File.CreateSymbolicLink(bin.Combine(program), OnPath(program));
        }
        var settings = new Dictionary<string, string>
        {
            ["PATH"] = bin.Path,
            ["Auth__Enabled"] = "false",
            ["Data__Dir"] = data.Combine("data"),
        };
        var camera = new { id = "no-ffmpeg-cam", source_type = "rtsp", source_url = "rtsp://127.0.0.1:9/stream", fps = 1 };

        await using (var silo = await ProductProcess.StartSiloAsync("no-ffmpeg", settings))
        {
            using var http = new HttpClient { BaseAddress = silo.BaseAddress };
            Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("api/cameras", camera)).StatusCode);
            await AssertSaysFfmpegIsMissingAsync(http);
        }

        await using (var restarted = await ProductProcess.StartSiloAsync("no-ffmpeg-again", settings))
        {
            using var http = new HttpClient { BaseAddress = restarted.BaseAddress };
            // The camera's new activation starts its capture: it still answers, and the list with it.
            await AssertSaysFfmpegIsMissingAsync(http);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("api/cameras")).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"api/cameras/{camera.id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"api/cameras/{camera.id}")).StatusCode);
        }
    }

    private static async Task AssertSaysFfmpegIsMissingAsync(HttpClient http)
    {
        using var response = await http.GetAsync("api/cameras/no-ffmpeg-cam");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var info = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("reconnecting", info.RootElement.GetProperty("capture").GetString());
        Assert.Contains("apt-get install -y ffmpeg", info.RootElement.GetProperty("capture_error").GetString(), StringComparison.Ordinal);
    }

    private static string OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin").Append("/bin")
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists) is { } found
            ? Path.GetFullPath(found)
            : throw new InvalidOperationException($"{program} is not on PATH: the test needs it to start the silo.");
}
