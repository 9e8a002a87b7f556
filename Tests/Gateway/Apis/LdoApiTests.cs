using System.Net;
using System.Security.Cryptography;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Gateway.Ids;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;

namespace IngestionCluster.Tests.Gateway.Apis;

[Collection(GatewayCollection.Name)]
public sealed class LdoApiTests(GatewayHosts hosts)
{
    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Ldo_with_a_video_is_stored_listed_and_readable(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var client = host.As(ApiRoles.Ingest);
        var ldoId = $"ldo-{Guid.NewGuid():N}";
        var video = Samples.Video(300 * 1024);
        using var form = Multipart.Form(
            Multipart.Text("metadata", $$$"""{"ldo_id":"{{{ldoId}}}","sensor_data":{"temp":21.5},"context":{"line":"B"},"prediction":{"label":"scratch","score":0.91}}"""),
            Multipart.File("video", video, "clip.mp4", "video/mp4"));

        using var response = await client.PostAsync("/ingest/ldo", form);

        var body = await ApiAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal(ldoId, body.GetProperty("id").GetString());
        Assert.Equal("ingested", body.GetProperty("status").GetString());
        Assert.Equal(video.Length, body.GetProperty("size_bytes").GetInt64());

        var ldo = await ApiAssert.StatusAsync(await host.As(ApiRoles.Viewer).GetAsync($"/ingest/ldo/{ldoId}"), HttpStatusCode.OK);
        Assert.Equal(21.5, ldo.GetProperty("sensor_data").GetProperty("temp").GetDouble());
        Assert.Equal("scratch", ldo.GetProperty("prediction").GetProperty("label").GetString());
        Assert.Equal("B", ldo.GetProperty("context").GetProperty("line").GetString());
        var stored = ldo.GetProperty("video");
        Assert.Equal("video/mp4", stored.GetProperty("content_type").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(video)), stored.GetProperty("sha256").GetString());
        var info = await host.Blobs.GetInfoAsync(BlobKey.Parse(stored.GetProperty("object_key").GetString()!));
        Assert.Equal(video.Length, info?.Size);

        var list = await ApiAssert.StatusAsync(await host.As(ApiRoles.Viewer).GetAsync("/ingest/list?skip=0&limit=1000"), HttpStatusCode.OK);
        Assert.True(list.GetProperty("total").GetInt64() >= 1);
        var row = list.GetProperty("ldos").EnumerateArray().Single(l => l.GetProperty("id").GetString() == ldoId);
        Assert.Equal("clip.mp4", row.GetProperty("filename").GetString());
        Assert.Equal(video.Length, row.GetProperty("size_bytes").GetInt64());
        Assert.Equal("ingested", row.GetProperty("status").GetString());
    }

    /// <summary>The LDO seed's DELETE /ingest/{ldo_id}: 200 {"message"}; the video, the list row and the object go, and the id is free again.</summary>
    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task An_ldo_deleted_by_the_seed_s_path_is_gone_with_its_video_and_its_id_is_free(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var client = host.As(ApiRoles.Ingest);
        var ldoId = $"ldo-{Guid.NewGuid():N}";
        HttpContent Form() => Multipart.Form(
            Multipart.Text("metadata", $$$"""{"ldo_id":"{{{ldoId}}}","sensor_data":{"temp":3}}"""), Multipart.File("video", Samples.Video(64 * 1024), "clip.mp4", "video/mp4"));
        using (var form = Form())
        {
            await ApiAssert.StatusAsync(await client.PostAsync("/ingest/ldo", form), HttpStatusCode.OK);
        }
        Assert.NotEmpty(await host.BlobKeysAsync($"ldos/{ldoId}/"));

        var deleted = await ApiAssert.StatusAsync(await client.DeleteAsync($"/ingest/{ldoId}"), HttpStatusCode.OK);

        Assert.Equal($"LDO {ldoId} deleted", deleted.GetProperty("message").GetString());
        await ApiAssert.ProblemAsync(await client.GetAsync($"/ingest/ldo/{ldoId}"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await client.GetAsync($"/ingest/status/{ldoId}"), HttpStatusCode.NotFound);
        var list = await ApiAssert.JsonAsync(await client.GetAsync("/ingest/list?limit=1000"));
        Assert.DoesNotContain(list.GetProperty("ldos").EnumerateArray(), l => l.GetProperty("id").GetString() == ldoId);
        Assert.Empty(await host.BlobKeysAsync($"ldos/{ldoId}/"));
        await ApiAssert.ProblemAsync(await client.DeleteAsync($"/ingest/{ldoId}"), HttpStatusCode.NotFound, ldoId);

        // The id is free: stored again, and deleted by this project's own path (204).
        using (var again = Form())
        {
            await ApiAssert.StatusAsync(await client.PostAsync("/ingest/ldo", again), HttpStatusCode.OK);
        }
        var stored = await ApiAssert.JsonAsync(await client.GetAsync($"/ingest/ldo/{ldoId}"));
        Assert.Equal(3, stored.GetProperty("sensor_data").GetProperty("temp").GetInt32());
        Assert.True(await host.Blobs.ExistsAsync(BlobKey.Parse(stored.GetProperty("video").GetProperty("object_key").GetString()!)), "the new LDO's video is kept");
        using var noContent = await client.DeleteAsync($"/ingest/ldo/{ldoId}");
        Assert.Equal(HttpStatusCode.NoContent, noContent.StatusCode);
        Assert.Empty(await host.BlobKeysAsync($"ldos/{ldoId}/"));
    }

    [Fact]
    public async Task Deleting_an_ldo_needs_the_ingest_role_and_a_valid_id()
    {
        var host = await hosts.Standalone;
        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Viewer).DeleteAsync("/ingest/ldo-anything"), HttpStatusCode.Forbidden);
        await ApiAssert.ProblemAsync(await host.Anonymous().DeleteAsync("/ingest/ldo-anything"), HttpStatusCode.Unauthorized);
        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Ingest).DeleteAsync("/ingest/bad%20id"), HttpStatusCode.BadRequest);
        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Ingest).DeleteAsync("/ingest/never-stored-ldo"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Ldo_without_video_and_without_id_gets_a_generated_id()
    {
        var client = (await hosts.Standalone).As(ApiRoles.Ingest);
        using var form = Multipart.Form(Multipart.Text("metadata", """{"sensor_data":[1,2,3]}"""));
        var body = await ApiAssert.StatusAsync(await client.PostAsync("/ingest/ldo", form), HttpStatusCode.OK);
        Assert.StartsWith("ldo_", body.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, body.GetProperty("size_bytes").GetInt64());
    }

    [Theory]
    [InlineData(StorageKind.Standalone, false)]
    [InlineData(StorageKind.Standalone, true)]
    [InlineData(StorageKind.Cluster, false)]
    [InlineData(StorageKind.Cluster, true)]
    public async Task Ldo_with_a_taken_id_is_409_and_its_video_is_not_kept(StorageKind storage, bool videoFirst)
    {
        var host = await hosts.Get(storage);
        var client = host.As(ApiRoles.Ingest);
        var ldoId = $"dup-{Guid.NewGuid():N}";
        var video = Samples.Video(1000);
        using (var first = Multipart.Form(Multipart.Text("metadata", $$"""{"ldo_id":"{{ldoId}}"}"""), Multipart.File("video", video, "v.mp4")))
        {
            await ApiAssert.StatusAsync(await client.PostAsync("/ingest/ldo", first), HttpStatusCode.OK);
        }
        var kept = Assert.Single(await host.BlobKeysAsync($"ldos/{ldoId}/"));
        var metadata = Multipart.Text("metadata", $$"""{"ldo_id":"{{ldoId}}"}""");
        var file = Multipart.File("video", Samples.Video(2000), "w.mp4");
        using var second = videoFirst ? Multipart.Form(file, metadata) : Multipart.Form(metadata, file);
        // Every object in the store (temp files and unfinished multipart uploads included) before the refused POST.
        // The tests of this collection run one at a time, so nothing else writes meanwhile.
        var before = await host.BlobKeysAsync(string.Empty);

        await ApiAssert.ProblemAsync(await client.PostAsync("/ingest/ldo", second), HttpStatusCode.Conflict);

        // The refused video left nothing anywhere in the store: not at its final place, its provisional place, or elsewhere.
        var after = await host.BlobKeysAsync(string.Empty);
        Assert.Empty(after.Except(before));
        Assert.Equal([kept], await host.BlobKeysAsync($"ldos/{ldoId}/"));
        Assert.Empty(await host.BlobKeysAsync("incoming/"));
        // And the first LDO's video is still the first video, not overwritten by the refused one.
        await using var stored = await host.Blobs.OpenReadAsync(BlobKey.Parse(kept));
        using var copy = new MemoryStream();
        await stored!.Content.CopyToAsync(copy);
        Assert.Equal(video, copy.ToArray());
    }

    [Theory]
    [InlineData(StorageKind.Standalone, false)]
    [InlineData(StorageKind.Standalone, true)]
    [InlineData(StorageKind.Cluster, false)]
    [InlineData(StorageKind.Cluster, true)]
    public async Task An_ldo_sent_again_with_its_idempotency_key_is_one_ldo_with_one_video(StorageKind storage, bool videoFirst)
    {
        var host = await hosts.Get(storage);
        var client = host.As(ApiRoles.Ingest);
        var named = $"key-{Guid.NewGuid():N}";
        var key = $"ldo-{Guid.NewGuid():N}";
        HttpRequestMessage Post(string idempotencyKey, string? ldoId, int videoBytes = 1500)
        {
            var metadata = Multipart.Text("metadata", ldoId is null ? """{"sensor_data":{"temp":20}}""" : $$"""{"ldo_id":"{{ldoId}}"}""");
            var video = Multipart.File("video", Samples.Video(videoBytes), "v.mp4");
            return new HttpRequestMessage(HttpMethod.Post, "/ingest/ldo")
            {
                Content = videoFirst ? Multipart.Form(video, metadata) : Multipart.Form(metadata, video),
                Headers = { { "Idempotency-Key", idempotencyKey } },
            };
        }

        // With an ldo_id of the client's: the attempt sent again (its answer was lost) is answered, not refused as a taken id.
        var first = await ApiAssert.StatusAsync(await client.SendAsync(Post(key, named)), HttpStatusCode.OK);
        var again = await ApiAssert.StatusAsync(await client.SendAsync(Post(key, named, videoBytes: 1700)), HttpStatusCode.OK);
        Assert.Equal(named, again.GetProperty("id").GetString());
        Assert.Equal(1500, again.GetProperty("size_bytes").GetInt64());
        var kept = Assert.Single(await host.BlobKeysAsync($"ldos/{named}/"));
        // The same id with another key, or from another caller, is another request for a taken id.
        await ApiAssert.ProblemAsync(await client.SendAsync(Post(key + "-2", named)), HttpStatusCode.Conflict);
        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Admin).SendAsync(Post(key, named)), HttpStatusCode.Conflict);
        Assert.Equal([kept], await host.BlobKeysAsync($"ldos/{named}/"));
        Assert.Equal(first.GetProperty("id").GetString(), again.GetProperty("id").GetString());

        // Without an ldo_id the key names the LDO: two attempts at once are one LDO with one video.
        var unnamedKey = key + "-unnamed";
        var racing = await Task.WhenAll(client.SendAsync(Post(unnamedKey, null)), client.SendAsync(Post(unnamedKey, null)));
        var raced = await Task.WhenAll(racing.Select(response => ApiAssert.StatusAsync(response, HttpStatusCode.OK)));
        var generated = raced[0].GetProperty("id").GetString()!;
        Assert.StartsWith("ldo_", generated, StringComparison.Ordinal);
        Assert.Equal(generated, raced[1].GetProperty("id").GetString());
        Assert.Single(await host.BlobKeysAsync($"ldos/{generated}/"));
        var otherCaller = await ApiAssert.StatusAsync(await host.As(ApiRoles.Admin).SendAsync(Post(unnamedKey, null)), HttpStatusCode.OK);
        Assert.NotEqual(generated, otherCaller.GetProperty("id").GetString());
        Assert.Empty(await host.BlobKeysAsync("incoming/"));
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task An_ldo_sent_again_with_its_idempotency_key_and_another_ldo_id_or_none_is_answered_with_the_first(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var client = host.As(ApiRoles.Ingest);
        var key = $"renamed-{Guid.NewGuid():N}";
        var (first, second) = ($"first-{Guid.NewGuid():N}", $"second-{Guid.NewGuid():N}");
        HttpRequestMessage Post(string idempotencyKey, string? ldoId, int videoBytes)
        {
            var metadata = Multipart.Text("metadata", ldoId is null ? "{}" : $$"""{"ldo_id":"{{ldoId}}"}""");
            return new HttpRequestMessage(HttpMethod.Post, "/ingest/ldo")
            {
                Content = Multipart.Form(metadata, Multipart.File("video", Samples.Video(videoBytes), "v.mp4")),
                Headers = { { "Idempotency-Key", idempotencyKey } },
            };
        }

        var recorded = await ApiAssert.StatusAsync(await client.SendAsync(Post(key, first, 1500)), HttpStatusCode.OK);
        var renamed = await ApiAssert.StatusAsync(await client.SendAsync(Post(key, second, 1700)), HttpStatusCode.OK);
        var unnamed = await ApiAssert.StatusAsync(await client.SendAsync(Post(key, null, 1900)), HttpStatusCode.OK);

        Assert.Equal(first, recorded.GetProperty("id").GetString());
        foreach (var answer in new[] { renamed, unnamed })
        {
            Assert.Equal(first, answer.GetProperty("id").GetString());
            Assert.Equal(1500, answer.GetProperty("size_bytes").GetInt64());
        }
        await ApiAssert.ProblemAsync(await client.GetAsync($"/ingest/ldo/{second}"), HttpStatusCode.NotFound);
        var keyed = IdempotencyKeys.LdoIdFor(IdempotencyKeys.AttemptKey(TestAuth.Caller(ApiRoles.Ingest), "ldo", key));
        await ApiAssert.ProblemAsync(await client.GetAsync($"/ingest/ldo/{keyed}"), HttpStatusCode.NotFound);
        var listed = await ApiAssert.StatusAsync(await host.As(ApiRoles.Viewer).GetAsync("/ingest/list?skip=0&limit=100"), HttpStatusCode.OK);
        var ids = listed.GetProperty("ldos").EnumerateArray().Select(l => l.GetProperty("id").GetString()).ToList();
        Assert.Single(ids, id => id == first);
        Assert.DoesNotContain(second, ids);
        Assert.DoesNotContain(keyed, ids);
        Assert.Single(await host.BlobKeysAsync($"ldos/{first}/"));
        Assert.Empty(await host.BlobKeysAsync($"ldos/{second}/"));
        Assert.Empty(await host.BlobKeysAsync($"ldos/{keyed}/"));

        // An attempt refused (its id taken by another request) recorded nothing: the key's next attempt, at another id, is recorded.
        var refusedKey = key + "-refused";
        var third = $"third-{Guid.NewGuid():N}";
        await ApiAssert.ProblemAsync(await client.SendAsync(Post(refusedKey, first, 1100)), HttpStatusCode.Conflict);
        var afterRefusal = await ApiAssert.StatusAsync(await client.SendAsync(Post(refusedKey, third, 1300)), HttpStatusCode.OK);
        Assert.Equal(third, afterRefusal.GetProperty("id").GetString());
        Assert.Equal(1300, afterRefusal.GetProperty("size_bytes").GetInt64());
    }

    [Theory]
    [InlineData(StorageKind.Standalone, false)]
    [InlineData(StorageKind.Standalone, true)]
    [InlineData(StorageKind.Cluster, false)]
    [InlineData(StorageKind.Cluster, true)]
    public async Task An_ldo_removes_the_video_an_earlier_attempt_at_its_id_wrote_and_never_recorded(StorageKind storage, bool videoFirst)
    {
        var host = await hosts.Get(storage);
        var client = host.As(ApiRoles.Ingest);
        var key = $"leftover-{Guid.NewGuid():N}";
        var named = $"left-{Guid.NewGuid():N}";
        var keyed = IdempotencyKeys.LdoIdFor(IdempotencyKeys.AttemptKey(TestAuth.Caller(ApiRoles.Ingest), "ldo", key));
        HttpRequestMessage Post(string? ldoId, string? idempotencyKey)
        {
            var metadata = Multipart.Text("metadata", ldoId is null ? "{}" : $$"""{"ldo_id":"{{ldoId}}"}""");
            var video = Multipart.File("video", Samples.Video(1200), "v.mp4");
            var request = new HttpRequestMessage(HttpMethod.Post, "/ingest/ldo") { Content = videoFirst ? Multipart.Form(video, metadata) : Multipart.Form(metadata, video) };
            if (idempotencyKey is not null)
            {
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            }
            return request;
        }
        // Earlier attempts whose gateway died after writing the video and before recording the LDO: one at an id of the
        // client's, one at the id of a key.
        foreach (var id in new[] { named, keyed })
        {
            await host.Blobs.PutAsync(BlobKey.From("ldos", id, "video_of_the_dead_attempt.mp4"), Samples.Video(900), "video/mp4");
        }
        var anotherLdo = BlobKey.From("ldos", named + "0", "video_of_another_ldo.mp4");
        await host.Blobs.PutAsync(anotherLdo, Samples.Video(900), "video/mp4");

        await ApiAssert.StatusAsync(await client.SendAsync(Post(named, idempotencyKey: null)), HttpStatusCode.OK);
        var byKey = await ApiAssert.StatusAsync(await client.SendAsync(Post(ldoId: null, key)), HttpStatusCode.OK);

        Assert.Equal(keyed, byKey.GetProperty("id").GetString());
        foreach (var id in new[] { named, keyed })
        {
            var ldo = await ApiAssert.JsonAsync(await client.GetAsync($"/ingest/ldo/{id}"));
            Assert.Equal([ldo.GetProperty("video").GetProperty("object_key").GetString()!], await host.BlobKeysAsync($"ldos/{id}/"));
        }
        Assert.True(await host.Blobs.ExistsAsync(anotherLdo), "another LDO's folder is not this one's");
    }

    [Fact]
    public async Task An_ldo_with_an_invalid_idempotency_key_is_400_and_stores_nothing()
    {
        var host = await hosts.Standalone;
        var ldoId = $"badkey-{Guid.NewGuid():N}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ingest/ldo")
        {
            Content = Multipart.Form(Multipart.Text("metadata", $$"""{"ldo_id":"{{ldoId}}"}"""), Multipart.File("video", Samples.Video(1000), "v.mp4")),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", "two words");

        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Ingest).SendAsync(request), HttpStatusCode.BadRequest, "Idempotency-Key");

        Assert.Empty(await host.BlobKeysAsync($"ldos/{ldoId}/"));
        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Viewer).GetAsync($"/ingest/ldo/{ldoId}"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Ldo_with_the_video_before_the_metadata_is_stored_as_the_seed_sends_it(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var ldoId = $"seed-{Guid.NewGuid():N}";
        var video = Samples.Video(200 * 1024);
        // curl -X POST …/ingest/ldo -F "video=@clip.mp4" -F 'metadata={…}': the video part first.
        using var form = Multipart.Form(
            Multipart.File("video", video, "clip.mp4", "video/mp4"),
            Multipart.Text("metadata", $$$"""{"ldo_id":"{{{ldoId}}}","sensor_data":{"temp":20}}"""));

        var body = await ApiAssert.StatusAsync(await host.As(ApiRoles.Ingest).PostAsync("/ingest/ldo", form), HttpStatusCode.OK);

        Assert.Equal(video.Length, body.GetProperty("size_bytes").GetInt64());
        var ldo = await ApiAssert.StatusAsync(await host.As(ApiRoles.Viewer).GetAsync($"/ingest/ldo/{ldoId}"), HttpStatusCode.OK);
        var key = ldo.GetProperty("video").GetProperty("object_key").GetString()!;
        Assert.StartsWith($"ldos/{ldoId}/", key, StringComparison.Ordinal);
        Assert.Equal([key], await host.BlobKeysAsync($"ldos/{ldoId}/"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(video)), ldo.GetProperty("video").GetProperty("sha256").GetString());
        await using var stored = await host.Blobs.OpenReadAsync(BlobKey.Parse(key));
        using var copy = new MemoryStream();
        await stored!.Content.CopyToAsync(copy);
        Assert.Equal(video, copy.ToArray());
        Assert.Empty(await host.BlobKeysAsync("incoming/"));
    }

    [Theory]
    [InlineData(StorageKind.Standalone, "bad-json")]
    [InlineData(StorageKind.Standalone, "bad-id")]
    [InlineData(StorageKind.Standalone, "oversize")]
    [InlineData(StorageKind.Cluster, "bad-json")]
    [InlineData(StorageKind.Cluster, "oversize")]
    public async Task Ldo_with_the_video_first_that_fails_leaves_no_blob(StorageKind storage, string failure)
    {
        var host = await hosts.Get(storage);
        var ldoId = $"fail-{Guid.NewGuid():N}";
        var video = failure == "oversize" ? Samples.Video((int)GatewaySettings.MaxVideoSize + 1) : Samples.Video(50 * 1024);
        var metadata = failure switch
        {
            "bad-json" => "{not json",
            "bad-id" => """{"ldo_id":"../../etc"}""",
            _ => $$"""{"ldo_id":"{{ldoId}}"}""",
        };
        using var form = Multipart.Form(Multipart.File("video", video, "clip.mp4"), Multipart.Text("metadata", metadata));

        var response = await host.As(ApiRoles.Ingest).PostAsync("/ingest/ldo", form);

        await ApiAssert.ProblemAsync(response, failure == "oversize" ? HttpStatusCode.RequestEntityTooLarge : HttpStatusCode.BadRequest);
        Assert.Empty(await host.BlobKeysAsync("incoming/"));
        Assert.Empty(await host.BlobKeysAsync($"ldos/{ldoId}/"));
    }

    [Theory]
    [InlineData(StorageKind.Standalone, false)]
    [InlineData(StorageKind.Standalone, true)]
    [InlineData(StorageKind.Cluster, false)]
    [InlineData(StorageKind.Cluster, true)]
    public async Task Ldo_whose_client_hangs_up_mid_video_leaves_no_blob(StorageKind storage, bool videoFirst)
    {
        var host = await hosts.Get(storage);
        var ldoId = $"gone-{Guid.NewGuid():N}";
        var fields = videoFirst ? [] : new List<(string, string)> { ("metadata", $$"""{"ldo_id":"{{ldoId}}"}""") };
        using var content = HangingUpContent.Create(fields, "video", Samples.Video(64 * 1024));
        using var cancel = new CancellationTokenSource();
        var client = host.As(ApiRoles.Ingest);
        var posting = client.PostAsync("/ingest/ldo", content, cancel.Token);
        await content.Sent.WaitAsync(TimeSpan.FromSeconds(30));
        if (storage == StorageKind.Standalone)
        {
            // The folder store has started writing the video (its temp file) before the client goes away. (The S3
            // store holds up to one multipart part in memory before it writes anything, more than this test sends.)
            var prefix = videoFirst ? "incoming/" : $"ldos/{ldoId}/";
            await Eventually.TrueAsync(async () => (await host.BlobKeysAsync(prefix)).Count > 0, TimeSpan.FromSeconds(10), "the server started storing the video");
        }
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => posting);

        await Eventually.TrueAsync(async () => (await host.BlobKeysAsync("incoming/")).Count == 0 && (await host.BlobKeysAsync($"ldos/{ldoId}/")).Count == 0,
            TimeSpan.FromSeconds(30), "nothing of the abandoned upload remains");
        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Viewer).GetAsync($"/ingest/ldo/{ldoId}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Ldo_with_an_oversize_video_is_413_and_leaves_no_blob()
    {
        var host = await hosts.Standalone;
        var ldoId = $"big-{Guid.NewGuid():N}";
        using var form = Multipart.Form(Multipart.Text("metadata", $$"""{"ldo_id":"{{ldoId}}"}"""), Multipart.File("video", Samples.Video((int)GatewaySettings.MaxVideoSize + 1), "v.mp4"));

        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Ingest).PostAsync("/ingest/ldo", form), HttpStatusCode.RequestEntityTooLarge, "video");

        Assert.DoesNotContain(host.BlobFiles(), path => path.Contains($"/ldos/{ldoId}", StringComparison.Ordinal));
        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Viewer).GetAsync($"/ingest/ldo/{ldoId}"), HttpStatusCode.NotFound);
    }

    public static TheoryData<string, string> InvalidForms => new()
    {
        { "no-metadata", "metadata" },
        { "metadata-not-json", "metadata" },
        { "metadata-array", "metadata" },
        { "bad-ldo-id", "LDO id" },
        { "huge-ldo-id", "LDO id" },
        { "numeric-ldo-id", "ldo_id" },
        { "two-videos", "one video" },
        { "video-path-name", "file name" },
    };

    [Theory]
    [MemberData(nameof(InvalidForms))]
    public async Task Ldo_with_an_invalid_form_is_400(string variant, string mentioned)
    {
        var client = (await hosts.Standalone).As(ApiRoles.Ingest);
        var video = Multipart.File("video", Samples.Video(100), "v.mp4");
        using var form = variant switch
        {
            "no-metadata" => Multipart.Form(video),
            "metadata-not-json" => Multipart.Form(Multipart.Text("metadata", "{not json")),
            "metadata-array" => Multipart.Form(Multipart.Text("metadata", "[]")),
            "bad-ldo-id" => Multipart.Form(Multipart.Text("metadata", """{"ldo_id":"../../etc/passwd"}""")),
            "huge-ldo-id" => Multipart.Form(Multipart.Text("metadata", $$"""{"ldo_id":"{{new string('a', 10 * 1024)}}"}""")),
            "numeric-ldo-id" => Multipart.Form(Multipart.Text("metadata", """{"ldo_id":42}""")),
            "two-videos" => Multipart.Form(Multipart.Text("metadata", "{}"), video, Multipart.File("video", Samples.Video(100), "w.mp4")),
            _ => Multipart.Form(Multipart.Text("metadata", "{}"), Multipart.File("video", Samples.Video(100), "a/b.mp4")),
        };
        await ApiAssert.ProblemAsync(await client.PostAsync("/ingest/ldo", form), HttpStatusCode.BadRequest, mentioned);
    }

    [Theory]
    [InlineData("1e131072")]
    [InlineData("1e-20000")]
    [InlineData("1e131071")]
    public async Task Ldo_metadata_with_a_number_too_long_to_store_is_400_and_stores_nothing(string number)
    {
        var host = await hosts.Cluster;
        var ldoId = $"ldo-num-{Guid.NewGuid():N}";
        using var form = Multipart.Form(Multipart.Text("metadata", $$$"""{"ldo_id":"{{{ldoId}}}","sensor_data":{"x":{{{number}}}}}"""));
        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Ingest).PostAsync("/ingest/ldo", form), HttpStatusCode.BadRequest, "metadata holds a number that cannot be stored");
        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Viewer).GetAsync($"/ingest/ldo/{ldoId}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Ldo_metadata_with_ordinary_numbers_is_stored_and_read_back_equal_in_cluster_mode()
    {
        var host = await hosts.Cluster;
        var ldoId = $"ldo-num-{Guid.NewGuid():N}";
        const string integer = "1234567890123456789012345678901234567890";
        using var form = Multipart.Form(Multipart.Text("metadata",
            $$$"""{"ldo_id":"{{{ldoId}}}","sensor_data":{"small":1.5e-10,"avogadro":6.02e23,"max":1.7976931348623157e308,"min":5e-324,"integer":{{{integer}}}}}"""));
        await ApiAssert.StatusAsync(await host.As(ApiRoles.Ingest).PostAsync("/ingest/ldo", form), HttpStatusCode.OK);

        var sensors = (await ApiAssert.JsonAsync(await host.As(ApiRoles.Viewer).GetAsync($"/ingest/ldo/{ldoId}"))).GetProperty("sensor_data");
        Assert.Equal(1.5e-10, sensors.GetProperty("small").GetDouble());
        Assert.Equal(6.02e23, sensors.GetProperty("avogadro").GetDouble());
        Assert.Equal(double.MaxValue, sensors.GetProperty("max").GetDouble());
        Assert.Equal(double.Epsilon, sensors.GetProperty("min").GetDouble());
        Assert.Equal(integer, sensors.GetProperty("integer").GetRawText());
    }

    [Fact]
    public async Task Ldo_that_is_not_multipart_is_415_and_a_truncated_one_400()
    {
        var client = (await hosts.Standalone).As(ApiRoles.Ingest);
        await ApiAssert.ProblemAsync(await client.PostAsync("/ingest/ldo", new StringContent("{}", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.UnsupportedMediaType);
        await ApiAssert.ProblemAsync(await client.PostAsync("/ingest/ldo", Multipart.Truncated()), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Unknown_ldo_is_404_and_an_invalid_id_400()
    {
        var viewer = (await hosts.Standalone).As(ApiRoles.Viewer);
        await ApiAssert.ProblemAsync(await viewer.GetAsync("/ingest/ldo/never-stored"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await viewer.GetAsync("/ingest/ldo/bad%24id"), HttpStatusCode.BadRequest, "LDO id");
        // Kestrel itself refuses a NUL in the path, before routing.
        await ApiAssert.StatusAsync(await viewer.GetAsync("/ingest/ldo/bad%00id"), HttpStatusCode.BadRequest);
        await ApiAssert.ProblemAsync(await viewer.GetAsync("/ingest/list?limit=-1"), HttpStatusCode.BadRequest, "limit");
    }
}
