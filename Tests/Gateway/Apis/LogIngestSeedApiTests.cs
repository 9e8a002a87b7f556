using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;

namespace IngestionCluster.Tests.Gateway.Apis;

/// <summary>
/// The log-ingest seed's own requests (its README's and its router tests' bodies): <c>POST /ingest/files/init</c>, a
/// plain PUT of the file to the URL it gave (no Content-Type, as Python's <c>requests.put(url, data=f)</c> sends),
/// <c>POST /ingest/files/complete</c>, and its <c>/jobs</c> reads.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class LogIngestSeedApiTests(GatewayHosts hosts)
{
    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task A_log_file_goes_through_init_put_and_complete_as_the_seed_s_clients_send_it(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var client = host.As(ApiRoles.Ingest);
        var log = Encoding.UTF8.GetBytes("{\"level\":\"info\"}\n{\"level\":\"warn\"}\n{\"level\":\"error\"}\n");

        using var init = await client.PostAsJsonAsync("/ingest/files/init", new { filename = "logs.json", size = log.Length, log_format = "ndjson" });
        var created = await ApiAssert.StatusAsync(init, HttpStatusCode.Created);
        var jobId = created.GetProperty("job_id").GetString()!;
        Assert.Equal($"/jobs/{jobId}", init.Headers.Location?.OriginalString);
        Assert.InRange(created.GetProperty("expires_in").GetInt64(), 3500, 3600);
        var url = new Uri(created.GetProperty("presigned_url").GetString()!);
        if (storage == StorageKind.Cluster)
        {
            Assert.Contains("X-Amz-Signature", url.Query, StringComparison.Ordinal);
            // No Content-Type is signed: the seed's clients send none, or whatever their library picks.
            Assert.Contains("X-Amz-SignedHeaders=host&", url.Query + "&", StringComparison.Ordinal);
        }
        using (var plain = new HttpClient())
        {
            var put = await plain.PutAsync(url, new ByteArrayContent(log));
            Assert.True(put.IsSuccessStatusCode, $"PUT answered {put.StatusCode}: {await put.Content.ReadAsStringAsync()}");
        }

        var queued = await ApiAssert.StatusAsync(await client.PostAsJsonAsync("/ingest/files/complete", new { job_id = jobId }), HttpStatusCode.OK);
        Assert.Equal("Job queued successfully", queued.GetProperty("message").GetString());
        Assert.Equal(jobId, queued.GetProperty("job_id").GetString());
        Assert.Contains(queued.GetProperty("status").GetString(), new[] { "QUEUED", "PROCESSING", "COMPLETED" });

        var job = await WaitForEndAsync(host.As(ApiRoles.Viewer), jobId);
        Assert.Equal("COMPLETED", job.GetProperty("status").GetString());
        Assert.Equal("FILE_UPLOAD", job.GetProperty("job_type").GetString());
        Assert.Equal("api", job.GetProperty("source").GetString());
        Assert.Equal(100, job.GetProperty("progress").GetInt32());
        Assert.Equal(0, job.GetProperty("retry_count").GetInt32());
        Assert.Equal(JsonValueKind.Null, job.GetProperty("error_message").ValueKind);
        var createdAt = job.GetProperty("created_at").GetDateTimeOffset();
        var queuedAt = job.GetProperty("queued_at").GetDateTimeOffset();
        var startedAt = job.GetProperty("started_at").GetDateTimeOffset();
        var finishedAt = job.GetProperty("finished_at").GetDateTimeOffset();
        Assert.True(createdAt <= queuedAt && queuedAt <= startedAt && startedAt <= finishedAt, $"{createdAt:o} {queuedAt:o} {startedAt:o} {finishedAt:o}");
        Assert.Equal("ndjson", job.GetProperty("log_format").GetString());
        Assert.Equal(log.Length, job.GetProperty("file_size").GetInt64());
        Assert.Equal(3, job.GetProperty("line_count").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(log)), job.GetProperty("sha256").GetString());

        var completed = await ApiAssert.JsonAsync(await host.As(ApiRoles.Viewer).GetAsync("/jobs?status=COMPLETED&limit=1000&offset=0"));
        Assert.Equal(JsonValueKind.Array, completed.ValueKind);
        Assert.Contains(completed.EnumerateArray(), j => j.GetProperty("job_id").GetString() == jobId);
        var ofType = await ApiAssert.JsonAsync(await host.As(ApiRoles.Viewer).GetAsync("/jobs?job_type=FILE_UPLOAD&status=completed&limit=1000"));
        Assert.Contains(ofType.EnumerateArray(), j => j.GetProperty("job_id").GetString() == jobId);
        var queuedOnly = await ApiAssert.JsonAsync(await host.As(ApiRoles.Viewer).GetAsync("/jobs?status=QUEUED&limit=1000"));
        Assert.DoesNotContain(queuedOnly.EnumerateArray(), j => j.GetProperty("job_id").GetString() == jobId);
        Assert.Empty((await ApiAssert.JsonAsync(await host.As(ApiRoles.Viewer).GetAsync("/jobs?job_type=LOG_PARSE"))).EnumerateArray());

        // The same job under this product's route: no content type was declared, the log format was.
        var own = await ApiAssert.JsonAsync(await host.As(ApiRoles.Viewer).GetAsync($"/api/v1/jobs/{jobId}"));
        Assert.Equal(JsonValueKind.Null, own.GetProperty("content_type").ValueKind);
        Assert.Equal("ndjson", own.GetProperty("log_format").GetString());
        Assert.Equal("completed", own.GetProperty("status").GetString());

        // A retried completion (its answer lost) is answered again, the job as it is.
        var again = await ApiAssert.StatusAsync(await client.PostAsJsonAsync("/ingest/files/complete", new { job_id = jobId }), HttpStatusCode.OK);
        Assert.Equal("COMPLETED", again.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Completing_before_the_file_is_there_is_503_and_the_job_waits_for_it(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var client = host.As(ApiRoles.Ingest);
        var created = await InitAsync(client, "late.log", 12, "text");
        var jobId = created.GetProperty("job_id").GetString()!;

        using (var early = await client.PostAsJsonAsync("/ingest/files/complete", new { job_id = jobId }))
        {
            // Expected while the PUT is on its way: Retry-After, as for any 503 worth sending again.
            Assert.NotNull(early.Headers.RetryAfter);
            await ApiAssert.ProblemAsync(early, HttpStatusCode.ServiceUnavailable, "not found in storage");
        }
        var waiting = await ApiAssert.JsonAsync(await host.As(ApiRoles.Viewer).GetAsync($"/jobs/{jobId}"));
        Assert.Equal("CREATED", waiting.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, waiting.GetProperty("queued_at").ValueKind);

        using (var plain = new HttpClient())
        {
            // Whatever Content-Type the client's library picks is taken.
            var put = await plain.PutAsync(created.GetProperty("presigned_url").GetString(), new StringContent("line1\nline2\n", Encoding.UTF8, "application/x-www-form-urlencoded"));
            Assert.True(put.IsSuccessStatusCode, $"PUT answered {put.StatusCode}");
        }
        await ApiAssert.StatusAsync(await client.PostAsJsonAsync("/ingest/files/complete", new { job_id = jobId }), HttpStatusCode.OK);
        var job = await WaitForEndAsync(host.As(ApiRoles.Viewer), jobId);
        Assert.Equal("COMPLETED", job.GetProperty("status").GetString());
        Assert.Equal(2, job.GetProperty("line_count").GetInt64());
    }

    [Fact]
    public async Task A_file_of_another_size_than_declared_fails_the_job_and_completing_it_again_is_400_naming_its_state()
    {
        var host = await hosts.Standalone;
        var client = host.As(ApiRoles.Ingest);
        var created = await InitAsync(client, "short.csv", 100, "csv");
        var jobId = created.GetProperty("job_id").GetString()!;
        using (var plain = new HttpClient())
        {
            var put = await plain.PutAsync(created.GetProperty("presigned_url").GetString(), new ByteArrayContent(new byte[60]));
            Assert.True(put.IsSuccessStatusCode, $"PUT answered {put.StatusCode}");
        }
        await ApiAssert.StatusAsync(await client.PostAsJsonAsync("/ingest/files/complete", new { job_id = jobId }), HttpStatusCode.OK);

        var job = await WaitForEndAsync(host.As(ApiRoles.Viewer), jobId);

        Assert.Equal("FAILED", job.GetProperty("status").GetString());
        Assert.Equal(0, job.GetProperty("progress").GetInt32());
        Assert.Contains("60 bytes; 100 were declared", job.GetProperty("error_message").GetString(), StringComparison.Ordinal);
        Assert.False(await host.Blobs.ExistsAsync(BlobKey.Parse($"jobs/{jobId}/content")));
        await ApiAssert.ProblemAsync(await client.PostAsJsonAsync("/ingest/files/complete", new { job_id = jobId }), HttpStatusCode.BadRequest, "state FAILED");
    }

    [Fact]
    public async Task The_gateway_s_own_url_takes_any_content_type_for_a_seed_upload_and_still_binds_a_declared_one()
    {
        var host = await hosts.Standalone;
        var client = host.As(ApiRoles.Ingest);
        using var plain = new HttpClient();
        var seedUrl = (await InitAsync(client, "any.log", 3, null)).GetProperty("presigned_url").GetString()!;
        Assert.StartsWith(host.BaseAddress.GetLeftPart(UriPartial.Authority), seedUrl, StringComparison.Ordinal);
        await ApiAssert.StatusAsync(await plain.PutAsync(seedUrl, new ByteArrayContent([1, 2, 3]) { Headers = { ContentType = new("image/png") } }), HttpStatusCode.OK);
        // The seed URL's signature is for its job only.
        var declared = await ApiAssert.StatusAsync(
            await client.PostAsJsonAsync("/api/v1/uploads", new { filename = "x.txt", content_type = "text/plain", size_bytes = 3 }), HttpStatusCode.Created);
        var declaredId = declared.GetProperty("job_id").GetString()!;
        var seedSignature = new Uri(seedUrl).Query;
        await ApiAssert.ProblemAsync(await plain.PutAsync(new Uri(host.BaseAddress, $"/api/v1/uploads/{declaredId}/content{seedSignature}"), new ByteArrayContent([1, 2, 3])),
            HttpStatusCode.Forbidden, "signature");
        // A declared content type is still bound: none, or another, is refused.
        var declaredUrl = declared.GetProperty("upload_url").GetString()!;
        await ApiAssert.ProblemAsync(await plain.PutAsync(declaredUrl, new ByteArrayContent([1, 2, 3])), HttpStatusCode.Forbidden, "signature");
        await ApiAssert.ProblemAsync(await plain.PutAsync(declaredUrl, new ByteArrayContent([1, 2, 3]) { Headers = { ContentType = new("text/html") } }), HttpStatusCode.Forbidden, "signature");
        await ApiAssert.StatusAsync(await plain.PutAsync(declaredUrl, new ByteArrayContent([1, 2, 3]) { Headers = { ContentType = new("text/plain") } }), HttpStatusCode.OK);
    }

    public static TheoryData<string, string> InvalidInits => new()
    {
        { """{"filename":"test.log","size":1024,"log_format":"invalid"}""", "log_format" },
        { """{"filename":"test.log"}""", "size" },
        { """{"filename":"test.log","size":-1,"log_format":"json"}""", "size" },
        { """{"filename":"test.log","size":0}""", "size" },
        { """{"filename":"test.log","size":104857601}""", "size" },
        { """{"size":1024,"log_format":"json"}""", "filename" },
        { """{"filename":"../../etc/passwd","size":1024}""", "filename" },
        { $$"""{"filename":"{{new string('a', 256)}}","size":1024}""", "filename" },
    };

    [Theory]
    [MemberData(nameof(InvalidInits))]
    public async Task An_invalid_init_is_422_as_the_seed_answered_it(string json, string mentioned)
    {
        var client = (await hosts.Standalone).As(ApiRoles.Ingest);
        await ApiAssert.ProblemAsync(await client.PostAsync("/ingest/files/init", new StringContent(json, Encoding.UTF8, "application/json")), (HttpStatusCode)422, mentioned);
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Unknown_jobs_are_404_bad_queries_422_and_no_token_401(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var ingest = host.As(ApiRoles.Ingest);
        var viewer = host.As(ApiRoles.Viewer);
        await ApiAssert.ProblemAsync(await ingest.PostAsJsonAsync("/ingest/files/complete", new { }), (HttpStatusCode)422, "job_id");
        await ApiAssert.ProblemAsync(await ingest.PostAsJsonAsync("/ingest/files/complete", new { job_id = "non-existent-id" }), HttpStatusCode.NotFound, "not found");
        await ApiAssert.ProblemAsync(await ingest.PostAsJsonAsync("/ingest/files/complete", new { job_id = "../etc" }), HttpStatusCode.NotFound, "not found");
        await ApiAssert.ProblemAsync(await viewer.GetAsync("/jobs/job_000000000000000000000000"), HttpStatusCode.NotFound, "not found");
        await ApiAssert.ProblemAsync(await viewer.GetAsync("/jobs?status=DONE"), (HttpStatusCode)422, "status");
        await ApiAssert.ProblemAsync(await viewer.GetAsync("/jobs?limit=0"), (HttpStatusCode)422, "limit");
        await ApiAssert.ProblemAsync(await viewer.GetAsync("/jobs?offset=-1"), (HttpStatusCode)422, "skip");
        var anonymous = host.Anonymous();
        await ApiAssert.ProblemAsync(await anonymous.PostAsJsonAsync("/ingest/files/init", new { filename = "test.log", size = 1024, log_format = "json" }), HttpStatusCode.Unauthorized);
        await ApiAssert.ProblemAsync(await anonymous.GetAsync("/jobs"), HttpStatusCode.Unauthorized);
        // A viewer reads jobs but starts no upload.
        await ApiAssert.ProblemAsync(await viewer.PostAsJsonAsync("/ingest/files/init", new { filename = "test.log", size = 1024 }), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_init_sent_again_with_its_idempotency_key_is_the_same_job_and_a_body_without_content_type_is_read_as_json()
    {
        var client = (await hosts.Standalone).As(ApiRoles.Ingest);
        var key = $"seed-init-{Guid.NewGuid():N}";
        HttpRequestMessage Post() => new(HttpMethod.Post, "/ingest/files/init")
        {
            // Python's requests.post(url, data=json.dumps(body)) sends no Content-Type.
            Content = new ByteArrayContent("""{"filename":"app.log","size":10}"""u8.ToArray()),
            Headers = { { "Idempotency-Key", key } },
        };
        var first = await ApiAssert.StatusAsync(await client.SendAsync(Post()), HttpStatusCode.Created);
        var second = await ApiAssert.StatusAsync(await client.SendAsync(Post()), HttpStatusCode.Created);
        Assert.Equal(first.GetProperty("job_id").GetString(), second.GetProperty("job_id").GetString());
        var job = await ApiAssert.JsonAsync(await client.GetAsync($"/jobs/{first.GetProperty("job_id").GetString()}"));
        Assert.Equal("json", job.GetProperty("log_format").GetString());
        Assert.Equal("CREATED", job.GetProperty("status").GetString());
        // The same key on this project's own route is another request: its own job, with its declared content type.
        using var own = new HttpRequestMessage(HttpMethod.Post, "/api/v1/uploads")
        {
            Content = JsonContent.Create(new { filename = "app.log", content_type = "text/plain", size_bytes = 10 }),
            Headers = { { "Idempotency-Key", key } },
        };
        var declared = await ApiAssert.StatusAsync(await client.SendAsync(own), HttpStatusCode.Created);
        Assert.NotEqual(first.GetProperty("job_id").GetString(), declared.GetProperty("job_id").GetString());
        Assert.Equal("text/plain", declared.GetProperty("content_type").GetString());
    }

    private static async Task<JsonElement> InitAsync(HttpClient client, string fileName, long size, string? logFormat)
    {
        object body = logFormat is null ? new { filename = fileName, size } : new { filename = fileName, size, log_format = logFormat };
        return await ApiAssert.StatusAsync(await client.PostAsJsonAsync("/ingest/files/init", body), HttpStatusCode.Created);
    }

    private static async Task<JsonElement> WaitForEndAsync(HttpClient client, string jobId)
    {
        JsonElement job = default;
        await Eventually.TrueAsync(async () =>
        {
            job = await ApiAssert.JsonAsync(await client.GetAsync($"/jobs/{jobId}"));
            return job.GetProperty("status").GetString() is "COMPLETED" or "FAILED";
        }, TimeSpan.FromSeconds(30), $"job {jobId} finished");
        return job;
    }
}
