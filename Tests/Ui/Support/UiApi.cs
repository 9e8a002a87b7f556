using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Tests.Gateway.Support;

namespace IngestionCluster.Tests.Ui.Support;

/// <summary>What the UI tests set up and check through the HTTP API, as an operator's other tools would.</summary>
public static class UiApi
{
    public static string NewCameraId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(40, prefix.Length + 13)];

    public static async Task RegisterAsync(GatewayHost host, string cameraId, object? motion = null, double fps = 2)
    {
        var body = new Dictionary<string, object?> { ["id"] = cameraId, ["source_type"] = "http_push", ["fps"] = fps };
        if (motion is not null)
        {
            body["motion"] = motion;
        }
        using var response = await host.As(ApiRoles.Admin).PostAsJsonAsync("/api/cameras", body);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"registering {cameraId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Pushes a JPEG, with the frame's own <paramref name="timestamp"/> if given; returns the push answer (sequence, motion, area).</summary>
    public static async Task<JsonElement> PushAsync(GatewayHost host, string cameraId, byte[] jpeg, DateTimeOffset? timestamp = null)
    {
        var content = new ByteArrayContent(jpeg) { Headers = { ContentType = new("image/jpeg") } };
        var query = timestamp is { } stamp ? "?timestamp=" + (stamp.ToUnixTimeMilliseconds() / 1000.0).ToString(CultureInfo.InvariantCulture) : "";
        using var response = await host.As(ApiRoles.Ingest).PostAsync($"/api/ingest/push/{cameraId}{query}", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"pushing to {cameraId}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Changes a camera's settings as another admin or tool would, with PATCH /api/cameras/{id}.</summary>
    public static async Task PatchCameraAsync(GatewayHost host, string cameraId, object patch)
    {
        using var response = await host.As(ApiRoles.Admin).PatchAsJsonAsync($"/api/cameras/{cameraId}", patch);
        Assert.True(response.IsSuccessStatusCode, $"changing {cameraId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task<JsonElement> GetCameraAsync(GatewayHost host, string cameraId)
    {
        using var response = await host.As(ApiRoles.Viewer).GetAsync($"/api/cameras/{cameraId}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"reading {cameraId}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
