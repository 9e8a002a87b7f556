using System.Net;
using System.Security.Cryptography;
using System.Text.Json;

namespace IngestionCluster.Tests.Cluster.Outages;

/// <summary>Checks, through the gateway as a client would, that what it answered 2xx for is stored: images readable with the sent bytes, cameras registered.</summary>
internal static class AcknowledgedWork
{
    public static async Task AssertStoredAsync(HttpClient http, IEnumerable<HttpAnswer> answers, byte[] sentJpeg)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(sentJpeg));
        foreach (var answer in answers.Where(a => a.IsSuccess))
        {
            using var body = JsonDocument.Parse(answer.Body);
            switch (answer.Operation)
            {
                case "push":
                    var imageId = body.RootElement.GetProperty("image_id").GetString();
                    Assert.True(imageId is not null, $"a camera that persists every frame answered without an image id: {answer}");
                    Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(await GetAsync(http, $"api/v1/images/{imageId}/content", answer))));
                    break;
                case "upload":
                    Assert.Equal("completed", body.RootElement.GetProperty("status").GetString());
                    foreach (var file in body.RootElement.GetProperty("files").EnumerateArray())
                    {
                        var content = await GetAsync(http, $"api/v1/images/{file.GetProperty("image_id").GetString()}/content", answer);
                        Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(content)));
                    }
                    break;
                case "register":
                    await GetAsync(http, $"api/cameras/{answer.Subject}", answer);
                    break;
                default:
                    throw new InvalidOperationException($"unknown operation {answer.Operation}");
            }
        }
    }

    /// <summary>GET, asking again while the cluster still answers 503/504 right after the store came back.</summary>
    private static async Task<byte[]> GetAsync(HttpClient http, string path, HttpAnswer acknowledged)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            using var response = await http.GetAsync(path);
            if (response.IsSuccessStatusCode)
            {
                return await response.Content.ReadAsByteArrayAsync();
            }
            Assert.True(response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout && DateTime.UtcNow < deadline,
                $"{path} answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}, though the gateway acknowledged: {acknowledged}");
            await Task.Delay(250);
        }
    }
}
