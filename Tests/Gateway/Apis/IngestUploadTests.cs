using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Gateway.Ids;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;

namespace IngestionCluster.Tests.Gateway.Apis;

[Collection(GatewayCollection.Name)]
public sealed class IngestUploadTests(GatewayHosts hosts)
{
    private const string UploadPath = "/api/v1/ingest/upload";
    private const string UploadsPrefix = "uploads/";

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Upload_streams_every_file_to_the_blob_store_and_records_images_with_meta(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var client = host.As(ApiRoles.Ingest);
        using var form = Multipart.Form(
            Multipart.Text("camera_id", "upload-cam"),
            Multipart.Text("meta", """{"site":"north","shift":2}"""),
            Multipart.File("files", Samples.Jpeg, "first.jpg", "image/jpeg"),
            Multipart.File("files", Samples.Png, "second.png", "image/png"));

        using var response = await client.PostAsync(UploadPath, form);

        var body = await ApiAssert.StatusAsync(response, HttpStatusCode.Created);
        var requestId = body.GetProperty("request_id").GetString()!;
        Assert.Equal($"/api/v1/ingest/status/{requestId}", response.Headers.Location?.OriginalString);
        Assert.Equal("completed", body.GetProperty("status").GetString());
        var files = body.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(2, files.Count);
        Assert.Equal("first.jpg", files[0].GetProperty("filename").GetString());
        Assert.Equal("image/jpeg", files[0].GetProperty("content_type").GetString());
        Assert.Equal("image/png", files[1].GetProperty("content_type").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Samples.Jpeg)), files[0].GetProperty("sha256").GetString());
        Assert.Equal(Samples.Jpeg.Length, files[0].GetProperty("size_bytes").GetInt64());

        // The bytes are in the store under the reported key, and the image rows carry the request and meta.
        await using (var blob = await host.Blobs.OpenReadAsync(BlobKey.Parse(files[0].GetProperty("object_key").GetString()!)))
        {
            Assert.NotNull(blob);
            using var copy = new MemoryStream();
            await blob.Content.CopyToAsync(copy);
            Assert.Equal(Samples.Jpeg, copy.ToArray());
        }
        var image = await ApiAssert.JsonAsync(await client.GetAsync($"/api/v1/images/{files[1].GetProperty("image_id").GetString()}"));
        Assert.Equal("upload", image.GetProperty("source").GetString());
        Assert.Equal("upload-cam", image.GetProperty("camera_id").GetString());
        Assert.Equal(requestId, image.GetProperty("request_id").GetString());
        Assert.Equal("north", image.GetProperty("meta").GetProperty("site").GetString());

        var status = await ApiAssert.JsonAsync(await client.GetAsync(response.Headers.Location));
        Assert.Equal("completed", status.GetProperty("status").GetString());

        // The TrackShift seed's fields, in the answer and the status alike: source_type, message, and frames whose
        // storage_url reads the image.
        foreach (var answer in new[] { body, status })
        {
            Assert.Equal("upload", answer.GetProperty("source_type").GetString());
            Assert.Equal("Successfully ingested 2 frame(s)", answer.GetProperty("message").GetString());
            var frames = answer.GetProperty("frames").EnumerateArray().ToList();
            Assert.Equal(files.Select(f => f.GetProperty("image_id").GetString()), frames.Select(f => f.GetProperty("frame_id").GetString()));
            Assert.Equal(files[0].GetProperty("object_key").GetString(), frames[0].GetProperty("storage_path").GetString());
            Assert.Equal(new[] { "jpg", "png" }, frames.Select(f => f.GetProperty("format").GetString()));
            Assert.Equal(Samples.Png.Length, frames[1].GetProperty("size_bytes").GetInt64());
            Assert.Equal(JsonValueKind.Null, frames[0].GetProperty("width").ValueKind);
        }
        var frameUrl = new Uri(body.GetProperty("frames")[0].GetProperty("storage_url").GetString()!);
        Assert.Equal(host.BaseAddress.Authority, frameUrl.Authority);
        using (var frame = await client.GetAsync(frameUrl))
        {
            Assert.Equal(Samples.Jpeg, await frame.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync());
        }
        Assert.Equal(2, status.GetProperty("files").GetArrayLength());
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task An_upload_sent_again_with_its_idempotency_key_gets_the_first_answer_and_stores_its_files_once(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var client = host.As(ApiRoles.Ingest);
        var camera = $"cam-key-{Guid.NewGuid():N}"[..20];
        var key = $"upload-{Guid.NewGuid():N}";
        MultipartFormDataContent Form() => Multipart.Form(Multipart.Text("camera_id", camera),
            Multipart.File("files", Samples.Jpeg, "a.jpg", "image/jpeg"), Multipart.File("files", Samples.Png, "b.png", "image/png"));
        HttpRequestMessage Post(string idempotencyKey) => new(HttpMethod.Post, UploadPath) { Content = Form(), Headers = { { "Idempotency-Key", idempotencyKey } } };

        var blobsBefore = (await host.BlobKeysAsync(UploadsPrefix)).Count;
        var first = await ApiAssert.StatusAsync(await client.SendAsync(Post(key)), HttpStatusCode.Created);
        // The client never got that answer (its connection dropped, the gateway died) and sends the upload again.
        using var again = await client.SendAsync(Post(key));

        var second = await ApiAssert.StatusAsync(again, HttpStatusCode.Created);
        var requestId = first.GetProperty("request_id").GetString()!;
        Assert.Equal(requestId, second.GetProperty("request_id").GetString());
        Assert.Equal($"/api/v1/ingest/status/{requestId}", again.Headers.Location?.OriginalString);
        Assert.Equal(ImageIds(first), ImageIds(second));
        var list = await ApiAssert.JsonAsync(await client.GetAsync($"/api/v1/images?camera_id={camera}"));
        Assert.Equal(2, list.GetProperty("images").GetArrayLength());

        // Two attempts at once (a client that gave up on the first too early): one upload, whichever records first.
        var racingKey = key + "-race";
        var racing = await Task.WhenAll(client.SendAsync(Post(racingKey)), client.SendAsync(Post(racingKey)));
        var raced = await Task.WhenAll(racing.Select(response => ApiAssert.StatusAsync(response, HttpStatusCode.Created)));
        Assert.Equal(raced[0].GetProperty("request_id").GetString(), raced[1].GetProperty("request_id").GetString());
        Assert.Equal(ImageIds(raced[0]), ImageIds(raced[1]));
        list = await ApiAssert.JsonAsync(await client.GetAsync($"/api/v1/images?camera_id={camera}"));
        Assert.Equal(4, list.GetProperty("images").GetArrayLength());

        // Another key, or the same key from another caller, is another upload.
        var other = await ApiAssert.StatusAsync(await client.SendAsync(Post(key + "-2")), HttpStatusCode.Created);
        var otherCaller = await ApiAssert.StatusAsync(await host.As(ApiRoles.Admin).SendAsync(Post(key)), HttpStatusCode.Created);
        Assert.Equal(3, new[] { first, other, otherCaller }.Select(body => body.GetProperty("request_id").GetString()).Distinct().Count());
        list = await ApiAssert.JsonAsync(await client.GetAsync($"/api/v1/images?camera_id={camera}"));
        Assert.Equal(8, list.GetProperty("images").GetArrayLength());
        // The attempts that were not recorded left no blob behind.
        Assert.Equal(blobsBefore + 8, (await host.BlobKeysAsync(UploadsPrefix)).Count);

        static string?[] ImageIds(System.Text.Json.JsonElement body) =>
            [.. body.GetProperty("files").EnumerateArray().Select(file => file.GetProperty("image_id").GetString())];
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task A_keyed_upload_removes_the_files_an_earlier_attempt_wrote_and_never_recorded(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var client = host.As(ApiRoles.Ingest);
        var key = $"leftover-{Guid.NewGuid():N}";
        var requestId = IdempotencyKeys.RequestIdFor(TestAuth.Caller(ApiRoles.Ingest), "upload", key);
        HttpRequestMessage Post() => new(HttpMethod.Post, UploadPath)
        {
            Content = Multipart.Form(Multipart.Text("camera_id", "cam-leftover"), Multipart.File("files", Samples.Jpeg, "a.jpg", "image/jpeg")),
            Headers = { { "Idempotency-Key", key } },
        };
        // The first attempt's gateway died after streaming its file and before recording it; the client sends it again.
        var leftover = BlobKey.From("uploads", requestId, "img_of_the_dead_attempt.jpg");
        await host.Blobs.PutAsync(leftover, Samples.Jpeg, "image/jpeg");
        var anotherUpload = BlobKey.From("uploads", requestId + "0", "img_of_another_upload.jpg");
        await host.Blobs.PutAsync(anotherUpload, Samples.Jpeg, "image/jpeg");

        var body = await ApiAssert.StatusAsync(await client.SendAsync(Post()), HttpStatusCode.Created);

        Assert.Equal(requestId, body.GetProperty("request_id").GetString());
        var recorded = body.GetProperty("files").EnumerateArray().Select(file => file.GetProperty("object_key").GetString()!).ToList();
        Assert.Equal(recorded, await host.BlobKeysAsync($"uploads/{requestId}/"));
        Assert.True(await host.Blobs.ExistsAsync(anotherUpload), "another request's folder is not this one's");

        // One left after the record (the recording attempt's gateway died before it removed it): the next attempt,
        // answered from the record, removes it and keeps the recorded file.
        await host.Blobs.PutAsync(leftover, Samples.Jpeg, "image/jpeg");
        var again = await ApiAssert.StatusAsync(await client.SendAsync(Post()), HttpStatusCode.Created);
        Assert.Equal(requestId, again.GetProperty("request_id").GetString());
        Assert.Equal(recorded, await host.BlobKeysAsync($"uploads/{requestId}/"));
        using var content = await client.GetAsync($"/api/v1/images/{body.GetProperty("files")[0].GetProperty("image_id").GetString()}/content");
        Assert.Equal(Samples.Jpeg, await content.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("tab\there")]
    [InlineData("long")]
    public async Task An_idempotency_key_that_is_empty_too_long_or_not_visible_ascii_is_400_and_stores_nothing(string key)
    {
        var host = await hosts.Standalone;
        var client = host.As(ApiRoles.Ingest);
        key = key == "long" ? new string('k', 256) : System.Text.RegularExpressions.Regex.Unescape(key);
        var before = host.BlobFiles().Count;
        using var form = Multipart.Form(Multipart.Text("camera_id", "cam-bad-key"), Multipart.File("files", Samples.Jpeg, "a.jpg", "image/jpeg"));
        using var request = new HttpRequestMessage(HttpMethod.Post, UploadPath) { Content = form };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);

        await ApiAssert.ProblemAsync(await client.SendAsync(request), HttpStatusCode.BadRequest, "Idempotency-Key");

        Assert.Equal(before, host.BlobFiles().Count);
    }

    [Fact]
    public async Task Upload_without_multipart_body_is_415()
    {
        var client = (await hosts.Standalone).As(ApiRoles.Ingest);
        using var response = await client.PostAsync(UploadPath, new ByteArrayContent(Samples.Jpeg) { Headers = { ContentType = new("image/jpeg") } });
        await ApiAssert.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Upload_with_a_truncated_multipart_body_is_400_and_leaves_no_blob()
    {
        var host = await hosts.Standalone;
        var client = host.As(ApiRoles.Ingest);
        var before = host.BlobFiles().Count;
        using var response = await client.PostAsync(UploadPath, Multipart.Truncated());
        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "malformed");
        Assert.Equal(before, host.BlobFiles().Count);
    }

    /// <summary>The TrackShift seed took BMP and TIFF (its allowed extensions) and any image libmagic named: so are GIF and WebP here.</summary>
    [Fact]
    public async Task Bmp_tiff_gif_and_webp_uploads_are_stored_with_their_own_content_type()
    {
        var host = await hosts.Standalone;
        var client = host.As(ApiRoles.Ingest);
        var images = new (string Name, byte[] Bytes, string ContentType, string Extension)[]
        {
            ("pit.bmp", OtherImages.Bmp, "image/bmp", "bmp"),
            ("pit.tiff", OtherImages.Tiff, "image/tiff", "tiff"),
            ("pit.gif", OtherImages.Gif, "image/gif", "gif"),
            ("pit.webp", OtherImages.Webp, "image/webp", "webp"),
        };
        var files = new List<JsonElement>();
        var formats = new List<string?>();
        // Two uploads: the test gateways take at most three files in one.
        foreach (var batch in images.Chunk(2))
        {
            using var form = Multipart.Form([Multipart.Text("camera_id", "formats-cam"),
                .. batch.Select(image => Multipart.File("files", image.Bytes, image.Name, "application/octet-stream"))]);
            var body = await ApiAssert.StatusAsync(await client.PostAsync(UploadPath, form), HttpStatusCode.Created);
            files.AddRange(body.GetProperty("files").EnumerateArray());
            formats.AddRange(body.GetProperty("frames").EnumerateArray().Select(f => f.GetProperty("format").GetString()));
        }

        Assert.Equal(images.Select(i => i.ContentType), files.Select(f => f.GetProperty("content_type").GetString()));
        Assert.All(files.Zip(images), pair => Assert.EndsWith($".{pair.Second.Extension}", pair.First.GetProperty("object_key").GetString(), StringComparison.Ordinal));
        Assert.Equal(images.Select(i => i.Extension), formats);
        using var content = await client.GetAsync($"/api/v1/images/{files[0].GetProperty("image_id").GetString()}/content");
        Assert.Equal("image/bmp", content.Content.Headers.ContentType?.MediaType);
        Assert.Equal(OtherImages.Bmp, await content.Content.ReadAsByteArrayAsync());

        // Text that starts like a BMP is none.
        using var notBmp = Multipart.Form(Multipart.Text("camera_id", "formats-cam"),
            Multipart.File("files", "BM parts list, rev 4 of the pit lane cameras"u8.ToArray(), "parts.bmp", "image/bmp"));
        await ApiAssert.ProblemAsync(await client.PostAsync(UploadPath, notBmp), HttpStatusCode.UnsupportedMediaType, "application/octet-stream");
    }

    /// <summary>The TrackShift seed stored the good files of a batch and skipped the bad ones; so does this.</summary>
    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task A_batch_with_a_file_that_is_not_an_image_stores_the_others_and_names_the_one_skipped(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var client = host.As(ApiRoles.Ingest);
        using var form = Multipart.Form(Multipart.Text("camera_id", "mixed-cam"),
            Multipart.File("files", Samples.Jpeg, "good.jpg", "image/jpeg"),
            Multipart.File("files", "just some notes"u8.ToArray(), "notes.jpg", "image/jpeg"),
            Multipart.File("files", [], "empty.png", "image/png"));

        using var response = await client.PostAsync(UploadPath, form);

        var body = await ApiAssert.StatusAsync(response, HttpStatusCode.Created);
        var stored = Assert.Single(body.GetProperty("files").EnumerateArray());
        Assert.Equal("good.jpg", stored.GetProperty("filename").GetString());
        var skipped = body.GetProperty("skipped").EnumerateArray().ToList();
        Assert.Equal(new[] { "notes.jpg", "empty.png" }, skipped.Select(s => s.GetProperty("filename").GetString()));
        Assert.Contains("not an accepted type", skipped[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("is empty", skipped[1].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Successfully ingested 1 frame(s); skipped 2 file(s)", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        // The status says the same, and only the good file is in the store.
        var status = await ApiAssert.JsonAsync(await client.GetAsync(response.Headers.Location));
        Assert.Equal(2, status.GetProperty("skipped").GetArrayLength());
        var requestId = body.GetProperty("request_id").GetString()!;
        Assert.Equal([stored.GetProperty("object_key").GetString()!], await host.BlobKeysAsync($"uploads/{requestId}/"));
    }

    [Fact]
    public async Task A_skipped_file_larger_than_the_file_limit_is_413_as_a_taken_one_would_be()
    {
        var host = await hosts.Standalone;
        var client = host.As(ApiRoles.Ingest);
        using var form = Multipart.Form(Multipart.Text("camera_id", "cam-big-skip"),
            Multipart.File("files", Samples.Jpeg, "good.jpg", "image/jpeg"),
            Multipart.File("files", new byte[GatewaySettings.MaxFileSize + 1], "zeros.bin", "application/octet-stream"));
        await ApiAssert.ProblemAsync(await client.PostAsync(UploadPath, form), HttpStatusCode.RequestEntityTooLarge,
            $"File 'zeros.bin' is larger than the limit of {GatewaySettings.MaxFileSize} bytes");
    }

    [Fact]
    public async Task An_upload_none_of_whose_files_is_an_image_is_415_naming_each()
    {
        var client = (await hosts.Standalone).As(ApiRoles.Ingest);
        using var form = Multipart.Form(Multipart.Text("camera_id", "cam-1"),
            Multipart.File("files", "hello"u8.ToArray(), "a.jpg", "image/jpeg"), Multipart.File("files", [], "b.jpg", "image/jpeg"));
        var problem = await ApiAssert.ProblemAsync(await client.PostAsync(UploadPath, form), HttpStatusCode.UnsupportedMediaType, "No file of the upload was taken");
        Assert.Contains("File 'b.jpg' is empty", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var empty = Multipart.Form(Multipart.Text("camera_id", "cam-1"), Multipart.File("files", [], "b.jpg", "image/jpeg"));
        await ApiAssert.ProblemAsync(await client.PostAsync(UploadPath, empty), HttpStatusCode.BadRequest, "is empty");
    }

    [Fact]
    public async Task Upload_of_a_file_that_is_not_an_image_is_415()
    {
        var client = (await hosts.Standalone).As(ApiRoles.Ingest);
        using var form = Multipart.Form(Multipart.Text("camera_id", "cam-1"), Multipart.File("files", "hello, world"u8.ToArray(), "note.jpg", "image/jpeg"));
        using var response = await client.PostAsync(UploadPath, form);
        await ApiAssert.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "application/octet-stream");
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Upload_of_an_oversize_file_is_413_and_deletes_the_files_already_stored(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var client = host.As(ApiRoles.Ingest);
        // Uploads are written under uploads/{request_id}/, and the tests of this collection run one at a time:
        // whatever is there now belongs to earlier requests. The 413 does not name its request id.
        var before = (await host.BlobKeysAsync(UploadsPrefix)).ToHashSet(StringComparer.Ordinal);
        var oversize = new byte[GatewaySettings.MaxFileSize + 1];
        Samples.Jpeg.AsSpan(0, 16).CopyTo(oversize);
        using var form = Multipart.Form(
            Multipart.Text("camera_id", "oversize-cam"),
            Multipart.File("files", Samples.Jpeg, "fine.jpg", "image/jpeg"),
            Multipart.File("files", oversize, "huge.jpg", "image/jpeg"));

        using var response = await client.PostAsync(UploadPath, form);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "huge.jpg");
        // fine.jpg was stored before huge.jpg went over the limit: it, and whatever was written of huge.jpg (a temp
        // file, an unfinished S3 multipart upload), must be gone from the store itself.
        var left = await Eventually.LastAsync(
            async () => (await host.BlobKeysAsync(UploadsPrefix)).Where(key => !before.Contains(key)).ToList(),
            keys => keys.Count == 0, TimeSpan.FromSeconds(10));
        Assert.Empty(left);
    }

    [Fact]
    public async Task Upload_of_more_files_than_the_batch_limit_is_400_and_stores_nothing()
    {
        var host = await hosts.Standalone;
        var client = host.As(ApiRoles.Ingest);
        var before = host.BlobFiles().Count;
        var parts = new List<(string, HttpContent, string?)> { Multipart.Text("camera_id", "batch-cam") };
        for (var i = 0; i <= GatewaySettings.MaxBatchSize; i++)
        {
            parts.Add(Multipart.File("files", Samples.Png, $"f{i}.png", "image/png"));
        }
        using var form = Multipart.Form([.. parts]);

        using var response = await client.PostAsync(UploadPath, form);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "at most");
        Assert.Equal(before, host.BlobFiles().Count);
    }

    [Fact]
    public async Task Upload_without_camera_id_or_without_files_is_400()
    {
        var client = (await hosts.Standalone).As(ApiRoles.Ingest);
        using (var noCamera = Multipart.Form(Multipart.File("files", Samples.Png, "a.png", "image/png")))
        {
            await ApiAssert.ProblemAsync(await client.PostAsync(UploadPath, noCamera), HttpStatusCode.BadRequest, "camera_id");
        }
        using var noFiles = Multipart.Form(Multipart.Text("camera_id", "cam-1"));
        await ApiAssert.ProblemAsync(await client.PostAsync(UploadPath, noFiles), HttpStatusCode.BadRequest, "file");
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \r\n ")]
    public async Task Upload_with_an_empty_meta_field_is_accepted_without_meta_as_the_seed_skipped_it(string meta)
    {
        // The TrackShift seed did `if meta:`, so `curl -F meta= …` uploaded without meta.
        var client = (await hosts.Standalone).As(ApiRoles.Ingest);
        using var form = Multipart.Form(Multipart.Text("camera_id", "cam-empty-meta"), Multipart.Text("meta", meta), Multipart.File("files", Samples.Png, "a.png", "image/png"));
        var body = await ApiAssert.StatusAsync(await client.PostAsync(UploadPath, form), HttpStatusCode.Created);
        var imageId = body.GetProperty("files")[0].GetProperty("image_id").GetString();
        var image = await ApiAssert.JsonAsync(await client.GetAsync($"/api/v1/images/{imageId}"));
        Assert.True(!image.TryGetProperty("meta", out var stored) || stored.ValueKind == JsonValueKind.Null, $"meta stored: {stored}");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2,3]")]
    [InlineData("\"text\"")]
    public async Task Upload_with_meta_that_is_not_a_json_object_is_400(string meta)
    {
        var client = (await hosts.Standalone).As(ApiRoles.Ingest);
        using var form = Multipart.Form(Multipart.Text("camera_id", "cam-1"), Multipart.Text("meta", meta), Multipart.File("files", Samples.Png, "a.png", "image/png"));
        await ApiAssert.ProblemAsync(await client.PostAsync(UploadPath, form), HttpStatusCode.BadRequest, "meta");
    }

    [Fact]
    public async Task Upload_meta_nested_too_deep_for_the_image_list_is_400_and_meta_within_the_limit_stays_listable()
    {
        var client = (await hosts.Standalone).As(ApiRoles.Ingest);
        using (var tooDeep = Multipart.Form(Multipart.Text("camera_id", "cam-deep"), Multipart.Text("meta", Nested(33)), Multipart.File("files", Samples.Png, "a.png", "image/png")))
        {
            await ApiAssert.ProblemAsync(await client.PostAsync(UploadPath, tooDeep), HttpStatusCode.BadRequest, "meta nests deeper than 32 levels");
        }
        using var deepest = Multipart.Form(Multipart.Text("camera_id", "cam-deep"), Multipart.Text("meta", Nested(32)), Multipart.File("files", Samples.Png, "a.png", "image/png"));
        await ApiAssert.StatusAsync(await client.PostAsync(UploadPath, deepest), HttpStatusCode.Created);

        var list = await ApiAssert.JsonAsync(await client.GetAsync("/api/v1/images?camera_id=cam-deep"));
        Assert.Equal(1, list.GetProperty("images").GetArrayLength());
        await ApiAssert.StatusAsync(await client.GetAsync("/api/v1/images?limit=500"), HttpStatusCode.OK);
    }

    /// <summary>Valid JSON that PostgreSQL's jsonb refuses: U+0000 in a value or a name, unpaired surrogates.</summary>
    public static TheoryData<string> UnstorableMeta => new()
    {
        """{"note":"a\u0000b"}""",
        """{"a\u0000b":1}""",
        """{"deep":[{"note":"\ud800"}]}""",
        """{"note":"\udc00x"}""",
    };

    [Theory]
    [MemberData(nameof(UnstorableMeta))]
    public async Task Upload_meta_with_text_the_database_cannot_store_is_400_in_cluster_mode_and_stores_nothing(string meta)
    {
        var host = await hosts.Get(StorageKind.Cluster);
        var client = host.As(ApiRoles.Ingest);
        var camera = $"cam-nul-{Guid.NewGuid():N}"[..20];
        using (var form = Multipart.Form(Multipart.Text("camera_id", camera), Multipart.Text("meta", meta), Multipart.File("files", Samples.Png, "a.png", "image/png")))
        {
            await ApiAssert.ProblemAsync(await client.PostAsync(UploadPath, form), HttpStatusCode.BadRequest, "meta holds text that cannot be stored");
        }
        var list = await ApiAssert.JsonAsync(await client.GetAsync($"/api/v1/images?camera_id={camera}"));
        Assert.Equal(0, list.GetProperty("images").GetArrayLength());

        // A surrogate pair is text like any other: stored and read back.
        using var paired = Multipart.Form(Multipart.Text("camera_id", camera), Multipart.Text("meta", """{"note":"\ud83d\ude00"}"""), Multipart.File("files", Samples.Png, "a.png", "image/png"));
        await ApiAssert.StatusAsync(await client.PostAsync(UploadPath, paired), HttpStatusCode.Created);
        var stored = await ApiAssert.JsonAsync(await client.GetAsync($"/api/v1/images?camera_id={camera}"));
        Assert.Equal("\U0001F600", stored.GetProperty("images")[0].GetProperty("meta").GetProperty("note").GetString());
    }

    /// <summary>
    /// Numbers PostgreSQL's jsonb stores written out in full, without an exponent: these it refuses (more than 131,072
    /// digits before the point, more than 16,383 after), or would write out as 131,079 characters.
    /// </summary>
    public static TheoryData<string> UnstorableNumbers => new() { "1e131072", "1e-20000", "1e131071", "-1E+999999999999999999999", "0e-401" };

    [Theory]
    [MemberData(nameof(UnstorableNumbers))]
    public async Task Upload_meta_with_a_number_too_long_to_store_is_400_in_cluster_mode_and_stores_nothing(string number)
    {
        var host = await hosts.Get(StorageKind.Cluster);
        var client = host.As(ApiRoles.Ingest);
        var camera = $"cam-num-{Guid.NewGuid():N}"[..20];
        using (var form = Multipart.Form(Multipart.Text("camera_id", camera), Multipart.Text("meta", $$"""{"deep":[{"x":{{number}}}]}"""),
            Multipart.File("files", Samples.Png, "a.png", "image/png")))
        {
            await ApiAssert.ProblemAsync(await client.PostAsync(UploadPath, form), HttpStatusCode.BadRequest, "meta holds a number that cannot be stored");
        }
        var list = await ApiAssert.JsonAsync(await client.GetAsync($"/api/v1/images?camera_id={camera}"));
        Assert.Equal(0, list.GetProperty("images").GetArrayLength());
    }

    [Fact]
    public async Task Upload_meta_whose_numbers_written_out_exceed_the_meta_limit_is_413()
    {
        var client = (await hosts.Cluster).As(ApiRoles.Ingest);
        // 3 KB as sent; 250 numbers of 301 digits each as stored, beyond the 64 KiB of Upload__MaxMetaBytes.
        var meta = $"{{\"x\":[{string.Join(',', Enumerable.Repeat("1e300", 250))}]}}";
        using var form = Multipart.Form(Multipart.Text("camera_id", "cam-num-big"), Multipart.Text("meta", meta), Multipart.File("files", Samples.Png, "a.png", "image/png"));
        await ApiAssert.ProblemAsync(await client.PostAsync(UploadPath, form), HttpStatusCode.RequestEntityTooLarge, "written out in full");
    }

    [Fact]
    public async Task Upload_meta_with_ordinary_numbers_is_stored_in_postgresql_and_read_back_equal()
    {
        var client = (await hosts.Cluster).As(ApiRoles.Ingest);
        var camera = $"cam-num-{Guid.NewGuid():N}"[..20];
        const string integer = "1234567890123456789012345678901234567890";
        var meta = $$"""{"small":1.5e-10,"avogadro":6.02e23,"max":1.7976931348623157e308,"min":5e-324,"negative":-2.2250738585072014e-308,"integer":{{integer}}}""";
        using var form = Multipart.Form(Multipart.Text("camera_id", camera), Multipart.Text("meta", meta), Multipart.File("files", Samples.Png, "a.png", "image/png"));
        await ApiAssert.StatusAsync(await client.PostAsync(UploadPath, form), HttpStatusCode.Created);

        var list = await ApiAssert.JsonAsync(await client.GetAsync($"/api/v1/images?camera_id={camera}"));
        var stored = list.GetProperty("images")[0].GetProperty("meta");
        Assert.Equal(1.5e-10, stored.GetProperty("small").GetDouble());
        Assert.Equal(6.02e23, stored.GetProperty("avogadro").GetDouble());
        Assert.Equal(double.MaxValue, stored.GetProperty("max").GetDouble());
        Assert.Equal(double.Epsilon, stored.GetProperty("min").GetDouble());
        Assert.Equal(-2.2250738585072014e-308, stored.GetProperty("negative").GetDouble());
        Assert.Equal(integer, stored.GetProperty("integer").GetRawText());
    }

    /// <summary>A JSON object <paramref name="levels"/> levels deep: <c>{"a":{"a":…1…}}</c>.</summary>
    internal static string Nested(int levels) => string.Concat(Enumerable.Repeat("{\"a\":", levels)) + "1" + new string('}', levels);

    [Theory]
    [MemberData(nameof(HostileIds))]
    public async Task Upload_with_a_hostile_camera_id_is_400(string cameraId)
    {
        var client = (await hosts.Standalone).As(ApiRoles.Ingest);
        using var form = Multipart.Form(Multipart.Text("camera_id", cameraId), Multipart.File("files", Samples.Png, "a.png", "image/png"));
        await ApiAssert.ProblemAsync(await client.PostAsync(UploadPath, form), HttpStatusCode.BadRequest, "camera id");
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("dir\\file.png")]
    [InlineData("a\u0000b.png")]
    [InlineData("..")]
    public async Task Upload_with_a_file_name_that_looks_like_a_path_is_400(string fileName)
    {
        var client = (await hosts.Standalone).As(ApiRoles.Ingest);
        var file = new ByteArrayContent(Samples.Png);
        file.Headers.ContentType = new("image/png");
        using var form = new MultipartFormDataContent { { new StringContent("cam-1"), "camera_id" } };
        // Set by hand: MultipartFormDataContent would quote or encode the name.
        file.Headers.ContentDisposition = new("form-data") { Name = "\"files\"", FileNameStar = fileName };
        form.Add(file);
        await ApiAssert.ProblemAsync(await client.PostAsync(UploadPath, form), HttpStatusCode.BadRequest, "file name");
    }

    public static TheoryData<string> HostileIds => Samples.HostileIds;
}
