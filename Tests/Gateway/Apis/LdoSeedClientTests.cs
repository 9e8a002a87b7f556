using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;

namespace IngestionCluster.Tests.Gateway.Apis;

/// <summary>
/// The LDO seed's own edge server as a client: it uploads with httpx
/// (<c>files={"video": (name, data, ctype)}, data={"metadata": json.dumps({...})}</c>) and counts any status but 200
/// as a failed upload, then reads <c>result["id"]</c>.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class LdoSeedClientTests(GatewayHosts hosts)
{
    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task The_seed_edge_servers_upload_is_answered_200_with_the_seeds_body(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var ldoId = SeedLdoId();
        var video = Samples.Video(48 * 1024);

        using var response = await host.As(ApiRoles.Ingest).SendAsync(SeedUpload(SeedMetadata(ldoId), video));

        var body = await ApiAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal(ldoId, body.GetProperty("id").GetString());
        Assert.Equal("ingested", body.GetProperty("status").GetString());
        Assert.Equal("LDO successfully ingested", body.GetProperty("message").GetString());
        Assert.Equal(video.Length, body.GetProperty("size_bytes").GetInt64());
        Assert.Equal($"/ingest/ldo/{ldoId}", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task The_edge_servers_upload_resent_without_a_key_is_answered_as_the_first_and_stored_once(StorageKind storage)
    {
        // The edge server names the LDO (LDO-{second}-{cid}) and sends no Idempotency-Key: a retry of an upload whose
        // answer it lost is the same request again.
        var host = await hosts.Get(storage);
        var client = host.As(ApiRoles.Ingest);
        var ldoId = SeedLdoId();
        var video = Samples.Video(2100);

        var first = await ApiAssert.StatusAsync(await client.SendAsync(SeedUpload(SeedMetadata(ldoId), video)), HttpStatusCode.OK);
        var again = await ApiAssert.StatusAsync(await client.SendAsync(SeedUpload(SeedMetadata(ldoId), video)), HttpStatusCode.OK);

        Assert.Equal(first.ToString(), again.ToString());
        Assert.Single(await host.BlobKeysAsync($"ldos/{ldoId}/"));
        var listed = await ApiAssert.StatusAsync(await host.As(ApiRoles.Viewer).GetAsync("/ingest/list?skip=0&limit=100"), HttpStatusCode.OK);
        Assert.Single(listed.GetProperty("ldos").EnumerateArray(), l => l.GetProperty("id").GetString() == ldoId);
        // Other metadata under the same id is another LDO, refused; the recorded one is unchanged.
        var otherMetadata = SeedMetadata(ldoId).Replace("0.93", "0.5", StringComparison.Ordinal);
        await ApiAssert.ProblemAsync(await client.SendAsync(SeedUpload(otherMetadata, video)), HttpStatusCode.Conflict, "other content");
        var stored = await ApiAssert.StatusAsync(await client.GetAsync($"/ingest/ldo/{ldoId}"), HttpStatusCode.OK);
        Assert.Equal(0.93, stored.GetProperty("prediction").GetProperty("confidence").GetDouble());
        Assert.Single(await host.BlobKeysAsync($"ldos/{ldoId}/"));
    }

    [Fact]
    public async Task A_seed_upload_sent_again_with_its_idempotency_key_is_answered_200_with_the_same_body()
    {
        var client = (await hosts.Standalone).As(ApiRoles.Ingest);
        var ldoId = SeedLdoId();
        var key = $"seed-{Guid.NewGuid():N}";
        var metadata = SeedMetadata(ldoId);

        var first = await ApiAssert.StatusAsync(await client.SendAsync(SeedUpload(metadata, Samples.Video(1500), key)), HttpStatusCode.OK);
        var again = await ApiAssert.StatusAsync(await client.SendAsync(SeedUpload(metadata, Samples.Video(1700), key)), HttpStatusCode.OK);

        Assert.Equal(first.GetRawText(), again.GetRawText());
        Assert.Equal(ldoId, again.GetProperty("id").GetString());
        Assert.Equal("LDO successfully ingested", again.GetProperty("message").GetString());
        Assert.Equal(1500, again.GetProperty("size_bytes").GetInt64());
    }

    [Fact]
    public async Task A_seed_upload_without_ldo_id_is_answered_200_with_a_generated_id_and_bad_ones_keep_their_4xx()
    {
        var client = (await hosts.Standalone).As(ApiRoles.Ingest);
        // The seed's documented curl: no ldo_id, so the service names the LDO.
        var body = await ApiAssert.StatusAsync(
            await client.SendAsync(SeedUpload("""{"sensor_data": {"temp": 25}, "context_metadata": {"cid": "QR001"}, "timestamp": 1700000000}""", Samples.Video(900))),
            HttpStatusCode.OK);
        Assert.StartsWith("ldo_", body.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("LDO successfully ingested", body.GetProperty("message").GetString());

        await ApiAssert.ProblemAsync(await client.SendAsync(SeedUpload("{not json", Samples.Video(900))), HttpStatusCode.BadRequest, "metadata");
        var taken = SeedLdoId();
        await ApiAssert.StatusAsync(await client.SendAsync(SeedUpload(SeedMetadata(taken), Samples.Video(900))), HttpStatusCode.OK);
        // The id with another video (or other metadata) is another LDO: refused.
        await ApiAssert.ProblemAsync(await client.SendAsync(SeedUpload(SeedMetadata(taken), Samples.Video(901))), HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task The_seed_edge_servers_whole_metadata_is_kept_and_read_back(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var ldoId = SeedLdoId();
        var sent = SeedMetadata(ldoId);
        await ApiAssert.StatusAsync(await host.As(ApiRoles.Ingest).SendAsync(SeedUpload(sent, Samples.Video(2048))), HttpStatusCode.OK);

        var ldo = await ApiAssert.StatusAsync(await host.As(ApiRoles.Viewer).GetAsync($"/ingest/ldo/{ldoId}"), HttpStatusCode.OK);

        var metadata = ldo.GetProperty("metadata");
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(sent).RootElement, metadata), metadata.GetRawText());
        Assert.Equal("CID-PROD-12345", metadata.GetProperty("cid").GetString());
        Assert.Equal("EDGE-Line1-Station1", metadata.GetProperty("device_id").GetString());
        Assert.Equal("2025-01-16T10:30:00", metadata.GetProperty("timestamp").GetString());
        // This project's own fields stay as they were.
        Assert.Equal(4.2, ldo.GetProperty("sensor_data").GetProperty("pressure").GetDouble());
        Assert.Equal("WIDGET-A", ldo.GetProperty("context").GetProperty("product_id").GetString());
        Assert.Equal("v1.3", ldo.GetProperty("prediction").GetProperty("model_version").GetString());
        Assert.Equal(2048, ldo.GetProperty("video").GetProperty("size_bytes").GetInt64());

        // Kept whole, but no larger than before: metadata beyond Ldo__MaxMetadataBytes is still a 413 that stores nothing.
        var refused = SeedLdoId();
        var huge = $$"""{"ldo_id":"{{refused}}","cid":"CID-1","notes":"{{new string('x', 1024 * 1024)}}"}""";
        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Ingest).SendAsync(SeedUpload(huge, Samples.Video(900))), HttpStatusCode.RequestEntityTooLarge, "metadata");
        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Viewer).GetAsync($"/ingest/ldo/{refused}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_seeds_status_read_answers_the_seeds_fields_and_404_for_an_unknown_ldo()
    {
        var host = await hosts.Standalone;
        var ldoId = SeedLdoId();
        var sent = SeedMetadata(ldoId);
        var video = Samples.Video(3000);
        await ApiAssert.StatusAsync(await host.As(ApiRoles.Ingest).SendAsync(SeedUpload(sent, video)), HttpStatusCode.OK);
        var viewer = host.As(ApiRoles.Viewer);

        var status = await ApiAssert.StatusAsync(await viewer.GetAsync($"/ingest/status/{ldoId}"), HttpStatusCode.OK);

        Assert.Equal(ldoId, status.GetProperty("id").GetString());
        Assert.Equal("ingested", status.GetProperty("status").GetString());
        Assert.Equal("CID-PROD-12345_20250116_103000.mp4", status.GetProperty("filename").GetString());
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(sent).RootElement, status.GetProperty("metadata")), status.GetRawText());
        Assert.True(status.GetProperty("created_at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-10));
        Assert.Equal(video.Length, status.GetProperty("size_bytes").GetInt64());
        var byOwnPath = await ApiAssert.StatusAsync(await viewer.GetAsync($"/ingest/ldo/{ldoId}"), HttpStatusCode.OK);
        Assert.Equal(byOwnPath.GetRawText(), status.GetRawText());

        await ApiAssert.ProblemAsync(await viewer.GetAsync("/ingest/status/never-stored"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await viewer.GetAsync("/ingest/status/bad%24id"), HttpStatusCode.BadRequest, "LDO id");
    }

    /// <summary>The id the seed's edge server puts in the metadata: <c>LDO-{yyyyMMddHHmmss}-{last 8 of the cid}</c>.</summary>
    private static string SeedLdoId() => $"LDO-{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The metadata the seed's edge server sends: json.dumps of cid, ldo_id, context, sensor_data, prediction, timestamp, device_id.</summary>
    private static string SeedMetadata(string ldoId) =>
        $$"""{"cid": "CID-PROD-12345", "ldo_id": "{{ldoId}}", "context": {"product_id": "WIDGET-A", "batch": "B-7"}, "sensor_data": {"pressure": 4.2, "temperature": 71.5}, "prediction": {"result": "pass", "confidence": 0.93, "model_version": "v1.3"}, "timestamp": "2025-01-16T10:30:00", "device_id": "EDGE-Line1-Station1"}""";

    /// <summary>
    /// The bytes httpx sends for <c>files={"video": (name, data, ctype)}, data={"metadata": ...}</c>: a random hex
    /// boundary, the data field first without a Content-Type, then the file with its file name and content type.
    /// </summary>
    private static HttpRequestMessage SeedUpload(string metadata, byte[] video, string? idempotencyKey = null)
    {
        var boundary = Guid.NewGuid().ToString("N");
        using var body = new MemoryStream();
        void Write(string text) => body.Write(Encoding.UTF8.GetBytes(text));
        Write($"--{boundary}\r\nContent-Disposition: form-data; name=\"metadata\"\r\n\r\n{metadata}\r\n");
        Write($"--{boundary}\r\nContent-Disposition: form-data; name=\"video\"; filename=\"CID-PROD-12345_20250116_103000.mp4\"\r\nContent-Type: video/mp4\r\n\r\n");
        body.Write(video);
        Write($"\r\n--{boundary}--\r\n");
        var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        var request = new HttpRequestMessage(HttpMethod.Post, "/ingest/ldo") { Content = content };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return request;
    }
}
