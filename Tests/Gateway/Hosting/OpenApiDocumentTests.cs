using System.Net;
using System.Text.Json;
using IngestionCluster.Tests.Gateway.Support;

namespace IngestionCluster.Tests.Gateway.Hosting;

[Collection(GatewayCollection.Name)]
public sealed class OpenApiDocumentTests(GatewayHosts hosts)
{
    public static TheoryData<string, string, string> Operations => new()
    {
        { "/api/v1/ingest/upload", "post", "201" },
        { "/api/v1/ingest/rtsp", "post", "202" },
        { "/api/v1/ingest/status/{request_id}", "get", "200" },
        { "/api/v1/images", "get", "200" },
        { "/api/v1/images/{image_id}", "get", "200" },
        { "/api/v1/images/{image_id}/content", "get", "200" },
        { "/api/v1/images/{image_id}/progress", "get", "200" },
        { "/api/admin/images/{image_id}/processed", "delete", "200" },
        { "/api/admin/dead-letters", "get", "200" },
        { "/api/cameras", "post", "201" },
        { "/api/cameras", "get", "200" },
        { "/api/cameras/{camera_id}", "get", "200" },
        { "/api/cameras/{camera_id}", "patch", "200" },
        { "/api/cameras/{camera_id}", "delete", "204" },
        { "/api/cameras/{camera_id}/frame/latest", "get", "200" },
        { "/api/ingest/push/{camera_id}", "post", "200" },
        { "/api/cameras/{camera_id}/events", "get", "200" },
        { "/api/events", "get", "200" },
        { "/ingest/ldo", "post", "200" },
        { "/ingest/list", "get", "200" },
        { "/ingest/ldo/{ldo_id}", "get", "200" },
        { "/ingest/status/{ldo_id}", "get", "200" },
        { "/api/v1/uploads", "post", "201" },
        { "/api/v1/uploads/{job_id}/content", "put", "200" },
        { "/api/v1/jobs/{job_id}/complete", "post", "202" },
        { "/api/v1/jobs/{job_id}", "get", "200" },
        { "/api/v1/jobs", "get", "200" },
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Api_document_describes_every_operation_with_its_success_and_problem_answers(string path, string method, string success)
    {
        var document = await DocumentAsync();
        Assert.True(document.GetProperty("paths").TryGetProperty(path, out var item), $"{path} is missing");
        Assert.True(item.TryGetProperty(method, out var operation), $"{method} {path} is missing");
        var responses = operation.GetProperty("responses");
        Assert.True(responses.TryGetProperty(success, out _), $"{method} {path} does not document {success}");
        if (path != "/api/v1/uploads/{job_id}/content")
        {
            Assert.True(responses.TryGetProperty("401", out _), $"{method} {path} does not document 401");
            Assert.True(responses.TryGetProperty("403", out _), $"{method} {path} does not document 403");
        }
    }

    [Fact]
    public async Task Api_document_gives_the_push_200_as_the_camera_ingest_seed_answered_not_202()
    {
        var responses = (await DocumentAsync()).GetProperty("paths").GetProperty("/api/ingest/push/{camera_id}").GetProperty("post").GetProperty("responses");
        Assert.True(responses.TryGetProperty("200", out _), "the push does not document 200");
        Assert.False(responses.TryGetProperty("202", out _), "the push still documents 202");
    }

    [Fact]
    public async Task Api_document_declares_the_bearer_scheme_and_swagger_ui_serves_it()
    {
        var document = await DocumentAsync();
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        var camera = document.GetProperty("components").GetProperty("schemas").GetProperty("CameraInfo");
        Assert.True(camera.GetProperty("properties").TryGetProperty("frames_received", out _), "schemas use snake_case");
        using var docs = await (await hosts.Standalone).Anonymous().GetAsync("/docs/index.html");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("swagger", await docs.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/api/v1/ingest/upload")]
    [InlineData("/api/v1/ingest/rtsp")]
    [InlineData("/ingest/ldo")]
    [InlineData("/api/v1/uploads")]
    public async Task Requests_that_may_be_sent_again_document_the_idempotency_key_header(string path)
    {
        var operation = (await DocumentAsync()).GetProperty("paths").GetProperty(path).GetProperty("post");
        Assert.Contains(operation.GetProperty("parameters").EnumerateArray(),
            parameter => parameter.GetProperty("name").GetString() == "Idempotency-Key" && parameter.GetProperty("in").GetString() == "header");
    }

    [Fact]
    public async Task The_push_body_is_documented_in_both_forms_and_the_ldo_form_exactly()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");
        var push = paths.GetProperty("/api/ingest/push/{camera_id}").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        var multipart = push.GetProperty("multipart/form-data");
        Assert.Equal("binary", multipart.GetProperty("schema").GetProperty("properties").GetProperty("frame_file").GetProperty("format").GetString());
        Assert.Equal("number", multipart.GetProperty("schema").GetProperty("properties").GetProperty("timestamp").GetProperty("type").GetString());
        Assert.Equal(["frame_file"], multipart.GetProperty("schema").GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("image/jpeg", multipart.GetProperty("encoding").GetProperty("frame_file").GetProperty("contentType").GetString());
        var raw = push.GetProperty("image/jpeg").GetProperty("schema");
        Assert.Equal(("string", "binary"), (raw.GetProperty("type").GetString(), raw.GetProperty("format").GetString()));

        var ldo = paths.GetProperty("/ingest/ldo").GetProperty("post").GetProperty("requestBody");
        Assert.Contains("either order", ldo.GetProperty("description").GetString(), StringComparison.Ordinal);
        var form = ldo.GetProperty("content").GetProperty("multipart/form-data");
        Assert.Equal(["metadata"], form.GetProperty("schema").GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("binary", form.GetProperty("schema").GetProperty("properties").GetProperty("video").GetProperty("format").GetString());
        Assert.Equal("application/json", form.GetProperty("encoding").GetProperty("metadata").GetProperty("contentType").GetString());
        Assert.DoesNotContain("IFormFile", (await DocumentTextAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_rtsp_capture_body_requires_only_what_every_capture_needs_and_the_seed_path_serves_the_document()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");
        var body = schemas.GetProperty("RtspCaptureRequestBody");
        // As in the TrackShift seed, source_type ("rtsp") and capture_mode ("single_frame") have defaults.
        Assert.Equal(["camera_id", "rtsp_url"],
            body.GetProperty("required").EnumerateArray().Select(r => r.GetString()).Order(StringComparer.Ordinal));

        Assert.Equal(await DocumentTextAsync(), await (await hosts.Standalone).Anonymous().GetStringAsync("/openapi.json"));
    }

    [Fact]
    public async Task Redoc_serves_an_api_reference_of_the_same_document_with_its_script_from_this_process()
    {
        var client = (await hosts.Standalone).Anonymous();
        var page = await client.GetStringAsync("/redoc/");
        Assert.Contains("\"url\":\"openapi/v1.json\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("cdn.", page, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/redoc/scalar.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await hosts.Cluster).Anonymous().GetAsync("/redoc/")).StatusCode);
    }

    private async Task<string> DocumentTextAsync() => await (await hosts.Standalone).Anonymous().GetStringAsync("/openapi/v1.json");

    private async Task<JsonElement> DocumentAsync()
    {
        using var response = await (await hosts.Standalone).Anonymous().GetAsync("/openapi/v1.json");
        return await ApiAssert.StatusAsync(response, HttpStatusCode.OK);
    }
}
