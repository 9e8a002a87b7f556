using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Gateway.Ids;
using IngestionCluster.Gateway.Uploads;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Jobs;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionCluster.Tests.Gateway.Apis;

[Collection(GatewayCollection.Name)]
public sealed class DirectUploadTests(GatewayHosts hosts)
{
    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Direct_upload_goes_to_the_returned_url_and_completes_with_hash_and_line_count(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var client = host.As(ApiRoles.Ingest);
        var log = Encoding.UTF8.GetBytes("first line\nsecond line\nthird line without newline");

        var created = await CreateAsync(client, "app.log", "text/plain", log.Length);
        var uploadUrl = new Uri(created.GetProperty("upload_url").GetString()!);
        Assert.Equal("created", created.GetProperty("status").GetString());
        Assert.Equal("PUT", created.GetProperty("upload_method").GetString());
        if (storage == StorageKind.Cluster)
        {
            // A presigned S3 URL: the bytes go to the S3 server, not through the gateway.
            Assert.NotEqual(host.BaseAddress.Authority, uploadUrl.Authority);
            Assert.Contains("X-Amz-Signature", uploadUrl.Query, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(host.BaseAddress.Authority, uploadUrl.Authority);
        }

        using (var plain = new HttpClient())
        {
            var put = await plain.PutAsync(uploadUrl, new ByteArrayContent(log) { Headers = { ContentType = new("text/plain") } });
            await ApiAssert.StatusAsync(put, HttpStatusCode.OK);
        }
        var jobId = created.GetProperty("job_id").GetString()!;
        var queued = await ApiAssert.StatusAsync(await client.PostAsync($"/api/v1/jobs/{jobId}/complete", null), HttpStatusCode.Accepted);
        Assert.Contains(queued.GetProperty("status").GetString(), new[] { "queued", "processing", "completed" });

        var job = await WaitForEndAsync(client, jobId);
        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.Equal(log.Length, job.GetProperty("size_bytes").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(log)), job.GetProperty("sha256").GetString());
        Assert.Equal(3, job.GetProperty("line_count").GetInt64());

        var completedJobs = await ApiAssert.JsonAsync(await host.As(ApiRoles.Viewer).GetAsync("/api/v1/jobs?status=completed&limit=1000"));
        Assert.Contains(completedJobs.GetProperty("jobs").EnumerateArray(), j => j.GetProperty("job_id").GetString() == jobId);
        var createdJobs = await ApiAssert.JsonAsync(await host.As(ApiRoles.Viewer).GetAsync("/api/v1/jobs?status=created&limit=1000"));
        Assert.DoesNotContain(createdJobs.GetProperty("jobs").EnumerateArray(), j => j.GetProperty("job_id").GetString() == jobId);
        // Completing again changes nothing.
        var again = await ApiAssert.StatusAsync(await client.PostAsync($"/api/v1/jobs/{jobId}/complete", null), HttpStatusCode.Accepted);
        Assert.Equal("completed", again.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Upload_of_another_size_than_declared_fails_the_job_and_removes_the_object(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var client = host.As(ApiRoles.Ingest);
        var created = await CreateAsync(client, "data.bin", "application/octet-stream", 100);
        using (var plain = new HttpClient())
        {
            var put = await plain.PutAsync(created.GetProperty("upload_url").GetString(), new ByteArrayContent(new byte[60]) { Headers = { ContentType = new("application/octet-stream") } });
            Assert.True(put.IsSuccessStatusCode, $"PUT answered {put.StatusCode}");
        }
        var jobId = created.GetProperty("job_id").GetString()!;
        await ApiAssert.StatusAsync(await client.PostAsync($"/api/v1/jobs/{jobId}/complete", null), HttpStatusCode.Accepted);

        var job = await WaitForEndAsync(client, jobId);

        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Contains("60 bytes; 100 were declared", job.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(await host.Blobs.ExistsAsync(BlobKey.Parse(job.GetProperty("object_key").GetString()!)));
    }

    /// <summary>
    /// The presigned S3 URL, used with a bigger body or another Content-Type than declared: the test S3 server does not check
    /// signatures (real S3 refuses the content type), so the job's own check at completion is what enforces the declaration.
    /// </summary>
    [Theory]
    [InlineData(140, "application/octet-stream", "140 bytes; 100 were declared")]
    [InlineData(100, "text/html", "content type is 'text/html'; 'application/octet-stream' was declared")]
    public async Task A_presigned_upload_that_breaks_its_declaration_fails_the_job_and_leaves_nothing_in_s3(int size, string contentType, string error)
    {
        var host = await hosts.Cluster;
        var client = host.As(ApiRoles.Ingest);
        var created = await CreateAsync(client, "data.bin", "application/octet-stream", 100);
        var url = created.GetProperty("upload_url").GetString()!;
        Assert.DoesNotContain("/api/v1/uploads/", url, StringComparison.Ordinal);
        using (var plain = new HttpClient())
        {
            var put = await plain.PutAsync(url, new ByteArrayContent(new byte[size]) { Headers = { ContentType = new(contentType) } });
            Assert.True(put.IsSuccessStatusCode, $"PUT answered {put.StatusCode}");
        }
        var jobId = created.GetProperty("job_id").GetString()!;
        var key = BlobKey.Parse($"jobs/{jobId}/content");
        Assert.True(await host.Blobs.ExistsAsync(key), "the S3 server took the PUT");
        await ApiAssert.StatusAsync(await client.PostAsync($"/api/v1/jobs/{jobId}/complete", null), HttpStatusCode.Accepted);

        var job = await WaitForEndAsync(client, jobId);

        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Contains(error, job.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(await host.Blobs.ExistsAsync(key), "the refused object is removed");
    }

    [Fact]
    public async Task Completing_a_job_whose_object_never_arrived_fails_it()
    {
        var client = (await hosts.Standalone).As(ApiRoles.Ingest);
        var created = await CreateAsync(client, "never.bin", "application/octet-stream", 10);
        var jobId = created.GetProperty("job_id").GetString()!;
        await ApiAssert.StatusAsync(await client.PostAsync($"/api/v1/jobs/{jobId}/complete", null), HttpStatusCode.Accepted);
        var job = await WaitForEndAsync(client, jobId);
        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Contains("No object was uploaded", job.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_upload_url_refuses_a_wrong_signature_an_expired_url_a_wrong_content_type_and_an_oversize_body()
    {
        var host = await hosts.Standalone;
        var client = host.As(ApiRoles.Ingest);
        var created = await CreateAsync(client, "x.txt", "text/plain", 5);
        var jobId = created.GetProperty("job_id").GetString()!;
        var url = created.GetProperty("upload_url").GetString()!;
        using var plain = new HttpClient();
        HttpContent Body(int size, string type = "text/plain") => new ByteArrayContent(new byte[size]) { Headers = { ContentType = new(type) } };

        var tampered = url[..^4] + (url.EndsWith("0000", StringComparison.Ordinal) ? "1111" : "0000");
        await ApiAssert.ProblemAsync(await plain.PutAsync(tampered, Body(5)), HttpStatusCode.Forbidden, "signature");
        await ApiAssert.ProblemAsync(await plain.PutAsync(url, Body(5, "application/json")), HttpStatusCode.Forbidden, "signature");
        var signer = host.Services.GetRequiredService<UploadUrlSigner>();
        var past = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds();
        var expired = $"/api/v1/uploads/{jobId}/content?expires={past}&signature={signer.Sign(jobId, past, "text/plain")}";
        await ApiAssert.ProblemAsync(await host.Anonymous().PutAsync(expired, Body(5)), HttpStatusCode.Forbidden, "expired");
        await ApiAssert.ProblemAsync(await plain.PutAsync(url, Body(6)), HttpStatusCode.RequestEntityTooLarge);
        Assert.False(await host.Blobs.ExistsAsync(BlobKey.Parse($"jobs/{jobId}/content")));

        using (var chunkedOversize = new HttpRequestMessage(HttpMethod.Put, url) { Content = Body(6), Headers = { TransferEncodingChunked = true } })
        {
            await ApiAssert.ProblemAsync(await plain.SendAsync(chunkedOversize), HttpStatusCode.RequestEntityTooLarge);
        }
        Assert.False(await host.Blobs.ExistsAsync(BlobKey.Parse($"jobs/{jobId}/content")));

        // Exactly the declared size, sent chunked (no Content-Length) as streaming clients do.
        using var chunked = new HttpRequestMessage(HttpMethod.Put, url) { Content = Body(5), Headers = { TransferEncodingChunked = true } };
        await ApiAssert.StatusAsync(await plain.SendAsync(chunked), HttpStatusCode.OK);
        await ApiAssert.StatusAsync(await client.PostAsync($"/api/v1/jobs/{jobId}/complete", null), HttpStatusCode.Accepted);
        await ApiAssert.ProblemAsync(await plain.PutAsync(url, Body(5)), HttpStatusCode.Conflict);
    }

    public static TheoryData<string, HttpStatusCode, string> InvalidCreations => new()
    {
        { """{"content_type":"text/plain","size_bytes":5}""", HttpStatusCode.BadRequest, "filename" },
        { """{"filename":"../../etc/passwd","content_type":"text/plain","size_bytes":5}""", HttpStatusCode.BadRequest, "filename" },
        { """{"filename":"a.txt","size_bytes":5}""", HttpStatusCode.BadRequest, "content_type" },
        { """{"filename":"a.txt","content_type":"not a type","size_bytes":5}""", HttpStatusCode.BadRequest, "content_type" },
        { """{"filename":"a.txt","content_type":"text/plain\r\nX-Evil: 1","size_bytes":5}""", HttpStatusCode.BadRequest, "content_type" },
        { """{"filename":"a.txt","content_type":"text/plain"}""", HttpStatusCode.BadRequest, "size_bytes" },
        { """{"filename":"a.txt","content_type":"text/plain","size_bytes":0}""", HttpStatusCode.BadRequest, "size_bytes" },
        { """{"filename":"a.txt","content_type":"text/plain","size_bytes":99999999999999}""", HttpStatusCode.RequestEntityTooLarge, "size_bytes" },
        { """{"filename":"a.txt","content_type":"text/plain","size_bytes":"five"}""", HttpStatusCode.BadRequest, "size_bytes must be a whole number" },
    };

    [Theory]
    [MemberData(nameof(InvalidCreations))]
    public async Task Creating_a_direct_upload_with_an_invalid_body_is_refused(string json, HttpStatusCode expected, string mentioned)
    {
        var client = (await hosts.Standalone).As(ApiRoles.Ingest);
        await ApiAssert.ProblemAsync(await client.PostAsync("/api/v1/uploads", new StringContent(json, Encoding.UTF8, "application/json")), expected, mentioned);
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Unknown_jobs_are_404_and_invalid_job_queries_400(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Viewer).GetAsync("/api/v1/jobs/job_000000000000000000000000"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Ingest).PostAsync("/api/v1/jobs/job_000000000000000000000000/complete", null), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Viewer).GetAsync("/api/v1/jobs?status=done"), HttpStatusCode.BadRequest, "status");
        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Viewer).GetAsync("/api/v1/jobs/job%24x"), HttpStatusCode.BadRequest, "job id");
        await ApiAssert.ProblemAsync(await host.Anonymous().PutAsync("/api/v1/uploads/job_000000000000000000000000/content?expires=1&signature=00", new ByteArrayContent([1])), HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task A_direct_upload_created_again_with_its_idempotency_key_is_the_same_job(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var client = host.As(ApiRoles.Ingest);
        var key = $"job-{Guid.NewGuid():N}";
        HttpRequestMessage Post(string idempotencyKey, long size = 100) => new(HttpMethod.Post, "/api/v1/uploads")
        {
            Content = JsonContent.Create(new { filename = "app.log", content_type = "text/plain", size_bytes = size }),
            Headers = { { "Idempotency-Key", idempotencyKey } },
        };

        using var firstResponse = await client.SendAsync(Post(key));
        var first = await ApiAssert.StatusAsync(firstResponse, HttpStatusCode.Created);
        var jobId = first.GetProperty("job_id").GetString()!;
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // a later attempt would get a later URL expiry, were it a new job
        // The client never got that answer and asks again (another size too: the job is the first attempt's).
        using var againResponse = await client.SendAsync(Post(key, size: 200));
        var again = await ApiAssert.StatusAsync(againResponse, HttpStatusCode.Created);
        Assert.Equal(jobId, again.GetProperty("job_id").GetString());
        Assert.Equal($"/api/v1/jobs/{jobId}", againResponse.Headers.Location?.OriginalString);
        Assert.Equal(first.GetProperty("expires_at").GetDateTimeOffset(), again.GetProperty("expires_at").GetDateTimeOffset());
        var job = await ApiAssert.JsonAsync(await client.GetAsync($"/api/v1/jobs/{jobId}"));
        Assert.Equal(100, job.GetProperty("declared_size_bytes").GetInt64());

        // The URL of the repeated answer takes the upload, and the job completes with it.
        var log = new byte[100];
        Array.Fill(log, (byte)'x');
        using (var plain = new HttpClient())
        {
            var url = new Uri(again.GetProperty("upload_url").GetString()!);
            await ApiAssert.StatusAsync(await plain.PutAsync(url, new ByteArrayContent(log) { Headers = { ContentType = new("text/plain") } }), HttpStatusCode.OK);
        }
        await ApiAssert.StatusAsync(await client.PostAsync($"/api/v1/jobs/{jobId}/complete", null), HttpStatusCode.Accepted);
        Assert.Equal("completed", (await WaitForEndAsync(client, jobId)).GetProperty("status").GetString());

        // Two attempts at once are one job; another key, or the same key from another caller, another job.
        var racing = await Task.WhenAll(client.SendAsync(Post(key + "-race")), client.SendAsync(Post(key + "-race")));
        var raced = await Task.WhenAll(racing.Select(response => ApiAssert.StatusAsync(response, HttpStatusCode.Created)));
        Assert.Equal(raced[0].GetProperty("job_id").GetString(), raced[1].GetProperty("job_id").GetString());
        var other = await ApiAssert.StatusAsync(await client.SendAsync(Post(key + "-2")), HttpStatusCode.Created);
        var otherCaller = await ApiAssert.StatusAsync(await host.As(ApiRoles.Admin).SendAsync(Post(key)), HttpStatusCode.Created);
        Assert.Equal(4, new[] { first, raced[0], other, otherCaller }.Select(body => body.GetProperty("job_id").GetString()).Distinct().Count());

        await ApiAssert.ProblemAsync(await client.SendAsync(Post("two words")), HttpStatusCode.BadRequest, "Idempotency-Key");
    }

    /// <summary>
    /// Upload:UploadUrlLifetime is at least a minute, so the earlier attempt's job is recorded as the gateway records it
    /// for that key, with a URL that lives two seconds.
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task A_direct_upload_sent_again_after_its_url_expired_is_409_naming_the_job(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var client = host.As(ApiRoles.Ingest);
        var key = $"job-late-{Guid.NewGuid():N}";
        var jobId = IdempotencyKeys.JobIdFor(TestAuth.Caller(ApiRoles.Ingest), "uploads", key);
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddSeconds(2).ToUnixTimeSeconds());
        await host.Grains.GetUploadJob(jobId).Create(new UploadJobSpec("app.log", "text/plain", 100, $"jobs/{jobId}/content", expiresAt));
        HttpRequestMessage Post(string idempotencyKey) => new(HttpMethod.Post, "/api/v1/uploads")
        {
            Content = JsonContent.Create(new { filename = "app.log", content_type = "text/plain", size_bytes = 100 }),
            Headers = { { "Idempotency-Key", idempotencyKey } },
        };
        await Task.Delay(expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(0.2));

        var problem = await ApiAssert.ProblemAsync(await client.SendAsync(Post(key)), HttpStatusCode.Conflict, "new Idempotency-Key");
        Assert.Contains($"expired at {expiresAt.UtcDateTime:u}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(jobId, problem.GetProperty("job_id").GetString());
        Assert.Equal("created", problem.GetProperty("job_status").GetString());
        Assert.Equal(expiresAt, problem.GetProperty("expires_at").GetDateTimeOffset());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("request_id").GetString()));
        Assert.StartsWith("00-", problem.GetProperty("trace_id").GetString(), StringComparison.Ordinal);
        // Asked again, the same answer; the job is as it was, and a new key is a new upload.
        await ApiAssert.ProblemAsync(await client.SendAsync(Post(key)), HttpStatusCode.Conflict, jobId);
        var job = await ApiAssert.JsonAsync(await client.GetAsync($"/api/v1/jobs/{jobId}"));
        Assert.Equal("created", job.GetProperty("status").GetString());
        var fresh = await ApiAssert.StatusAsync(await client.SendAsync(Post(key + "-new")), HttpStatusCode.Created);
        Assert.NotEqual(jobId, fresh.GetProperty("job_id").GetString());
    }

    private static async Task<JsonElement> CreateAsync(HttpClient client, string fileName, string contentType, long size)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/uploads", new { filename = fileName, content_type = contentType, size_bytes = size });
        var created = await ApiAssert.StatusAsync(response, HttpStatusCode.Created);
        Assert.Equal($"/api/v1/jobs/{created.GetProperty("job_id").GetString()}", response.Headers.Location?.OriginalString);
        Assert.True(created.GetProperty("expires_at").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        return created;
    }

    private static async Task<JsonElement> WaitForEndAsync(HttpClient client, string jobId)
    {
        JsonElement job = default;
        await Eventually.TrueAsync(async () =>
        {
            job = await ApiAssert.JsonAsync(await client.GetAsync($"/api/v1/jobs/{jobId}"));
            return job.GetProperty("status").GetString() is "completed" or "failed";
        }, TimeSpan.FromSeconds(30), $"job {jobId} finished");
        return job;
    }
}
