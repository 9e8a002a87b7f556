using System.Net;
using System.Text.Json;
using IngestionCluster.Tests.Gateway.Support;

namespace IngestionCluster.Tests.Gateway.Hosting;

[Collection(GatewayCollection.Name)]
public sealed class OpenApiDocumentTests(GatewayHosts hosts)
{
    public static TheoryData<string, string, string> Operations => new()
    {
        { "/api/v1/ingest/upload", "post", "202" },
        { "/api/v1/ingest/rtsp", "post", "202" },
        { "/api/v1/ingest/status/{request_id}", "get", "200" },
        { "/api/v1/images", "get", "200" },
        { "/api/v1/images/{image_id}", "get", "200" },
        { "/api/v1/images/{image_id}/content", "get", "200" },
        { "/api/cameras", "post", "201" },
        { "/api/cameras", "get", "200" },
        { "/api/cameras/{camera_id}", "get", "200" },
        { "/api/cameras/{camera_id}", "patch", "200" },
        { "/api/cameras/{camera_id}", "delete", "204" },
        { "/api/cameras/{camera_id}/frame/latest", "get", "200" },
        { "/api/ingest/push/{camera_id}", "post", "202" },
        { "/api/cameras/{camera_id}/events", "get", "200" },
        { "/api/events", "get", "200" },
        { "/ingest/ldo", "post", "201" },
        { "/ingest/list", "get", "200" },
        { "/ingest/ldo/{ldo_id}", "get", "200" },
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

    private async Task<JsonElement> DocumentAsync()
    {
        using var response = await (await hosts.Standalone).Anonymous().GetAsync("/openapi/v1.json");
        return await ApiAssert.StatusAsync(response, HttpStatusCode.OK);
    }
}
