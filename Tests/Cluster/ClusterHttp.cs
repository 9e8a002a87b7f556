using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using IngestionCluster.Tests.Grains;

namespace IngestionCluster.Tests.Cluster;

/// <summary>What the cluster tests ask of a gateway over HTTP, with the retry a client does on 503/504.</summary>
internal static class ClusterHttp
{
    public static HttpClient For(Processes.ProductProcess gateway) => new() { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public static async Task RegisterAsync(HttpClient http, string cameraId, string sourceType = "http_push", object? persist = null)
    {
        using var response = await http.PostAsJsonAsync("api/cameras", new { id = cameraId, source_type = sourceType, persist = persist ?? new { mode = "none" } });
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"register {cameraId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// Pushes one frame, retrying while the cluster answers 503/504 (as it may during a failover) with the same bytes and
    /// <paramref name="timestamp"/> (Unix seconds, in milliseconds); its sequence number.
    /// </summary>
    public static async Task<long> PushAsync(HttpClient http, string cameraId, byte[]? jpeg = null, TimeSpan? retryFor = null, DateTimeOffset? timestamp = null)
    {
        var query = timestamp is { } stamp ? TimestampQuery(stamp) : string.Empty;
        var deadline = DateTime.UtcNow + (retryFor ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            using var content = new ByteArrayContent(jpeg ?? SharedJpegs.Samples.TestCard);
            content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            HttpResponseMessage? response = null;
            try
            {
                response = await http.PostAsync($"api/ingest/push/{cameraId}{query}", content);
                if (response.IsSuccessStatusCode)
                {
                    using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    return body.RootElement.GetProperty("sequence").GetInt64();
                }
                Assert.True(response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout,
                    $"push to {cameraId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                Assert.True(response.Headers.RetryAfter is not null, $"a {(int)response.StatusCode} answer carries Retry-After");
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            finally
            {
                response?.Dispose();
            }
            Assert.True(DateTime.UtcNow < deadline, $"push to {cameraId} did not succeed within the retry window");
            await Task.Delay(200);
        }
    }

    /// <summary>A push's <c>?timestamp=</c>: Unix seconds, to the millisecond.</summary>
    public static string TimestampQuery(DateTimeOffset stamp) =>
        "?timestamp=" + (stamp.ToUnixTimeMilliseconds() / 1000m).ToString("0.000", System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<JsonElement> CameraAsync(HttpClient http, string cameraId)
    {
        using var response = await http.GetAsync($"api/cameras/{cameraId}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"camera {cameraId}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
