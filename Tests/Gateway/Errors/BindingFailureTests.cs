using System.Net;
using System.Text;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Tests.Gateway.Support;

namespace IngestionCluster.Tests.Gateway.Errors;

/// <summary>
/// A body or query the endpoint cannot bind is answered with the field and what it takes, as the API documents it, never
/// with the .NET types behind it; 400 on this API's routes, 422 on the seeds' FastAPI routes, as FastAPI answered.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class BindingFailureTests(GatewayHosts hosts)
{
    public static TheoryData<string, string, string, int, string> Unbindable => new()
    {
        { "POST", "/api/cameras", """{"id":"bind-1","source_type":"carrier_pigeon"}""", 400, "source_type must be one of \"http_push\", \"rtsp\", \"mqtt\", \"mjpeg\"." },
        { "POST", "/api/cameras", """{"id":"bind-1","source_type":"http_push","persist":{"mode":"sometimes"}}""", 400,
            "persist.mode must be one of \"none\", \"motion\", \"all\", \"every_n\"." },
        { "POST", "/api/cameras", """{"id":"bind-1","source_type":"http_push","fps":"fast"}""", 400, "fps must be a number." },
        { "POST", "/api/cameras", """{"id":"bind-1","source_type":"http_push","motion":[1]}""", 400, "motion must be a JSON object." },
        { "POST", "/api/cameras", """[{"id":"bind-1"}]""", 400, "The request body must be a JSON object." },
        { "POST", "/api/cameras", """{"id":"bind-1","fps":5""", 400, "The request body is not valid JSON: " },
        { "POST", "/api/cameras", "", 400, "The request body is empty or null: this request takes a JSON object." },
        { "PATCH", "/api/cameras/bind-patch", """{"fsp":5}""", 400, "Unknown field fsp: the fields of this request are source_url, fps, buffer_size, motion, persist." },
        { "PATCH", "/api/cameras/bind-patch", """{"fps":5,"source_type":"rtsp"}""", 400, "source_type cannot be changed: register the camera again (POST /api/cameras) with the new source_type." },
        { "PATCH", "/api/cameras/bind-patch", """{"id":"cam-2"}""", 400, "id cannot be changed: it is the camera's address; register a camera under the new id." },
        { "PATCH", "/api/cameras/bind-patch", """{"Source_Type":"rtsp"}""", 400, "Source_Type cannot be changed: register the camera again (POST /api/cameras) with the new source_type." },
        { "PATCH", "/api/cameras/bind-patch", """{"motion":{"treshold":40}}""", 400, "Unknown field motion.treshold: the fields there are enabled, threshold, min_area" },
        { "PATCH", "/api/cameras/bind-patch", """{"motion":{"enabled":"yes"}}""", 400, "motion.enabled must be true or false." },
        { "POST", "/api/v1/ingest/rtsp", """{"rtsp_url":"rtsp://10.0.0.5/s","camera_id":"bind-2","capture_mode":"burst","frames":"many"}""", 400, "frames must be a whole number up to 2147483647." },
        { "POST", "/api/v1/ingest/rtsp", """{"rtsp_url":"rtsp://10.0.0.5/s","camera_id":"bind-2","capture_mode":"burst","frames":3000000000}""", 400, "frames must be a whole number up to 2147483647." },
        { "POST", "/api/v1/uploads", """{"filename":"app.log","size_bytes":1.5}""", 400, "size_bytes must be a whole number up to 9223372036854775807." },
        // The log-ingest seed's routes answer as FastAPI did.
        { "POST", "/ingest/files/init", """{"filename":"logs.json","size":"big"}""", 422, "size must be a whole number up to 9223372036854775807." },
        { "POST", "/ingest/files/init", """{"filename":"logs.json",""", 422, "The request body is not valid JSON: " },
        { "POST", "/ingest/files/complete", "", 422, "The request body is empty" },
        { "POST", "/auth/login", """{"username":1,"password":"x"}""", 422, "username must be a string." },
    };

    [Theory]
    [MemberData(nameof(Unbindable))]
    public async Task A_request_that_does_not_bind_names_the_field_and_what_it_takes(string method, string path, string body, int status, string detail)
    {
        var admin = (await hosts.Standalone).As(ApiRoles.Admin);
        if (method == "PATCH")
        {
            using var created = await admin.PostAsync("/api/cameras", Json("""{"id":"bind-patch","source_type":"http_push"}"""));
            Assert.True(created.IsSuccessStatusCode, $"registering the camera to patch: {(int)created.StatusCode}");
        }

        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = Json(body) };
        var problem = await ApiAssert.ProblemAsync(await admin.SendAsync(request), (HttpStatusCode)status, detail);

        var text = problem.GetProperty("detail").GetString()!;
        Assert.DoesNotContain("IngestionCluster", text, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("parameter", text, StringComparison.Ordinal);
        Assert.Equal(status == 422 ? "Unprocessable entity" : "Bad request", problem.GetProperty("title").GetString());
    }

    public static TheoryData<string, int, string> UnparsableQueries => new()
    {
        { "/api/cameras?limit=many", 400, "limit must be a whole number (got \"many\")." },
        { "/api/cameras?limit=99999999999", 400, "limit must be a whole number up to 2147483647 (got \"99999999999\")." },
        { "/api/v1/images?from=yesterday", 400, "from must be a date and time in ISO 8601, such as 2025-06-01T12:00:00Z (got \"yesterday\")." },
        // The client's name for the value, not the handler's (deleteImage).
        { "/api/admin/images/shot-1/processed?delete_image=yes", 400, "delete_image must be true or false (got \"yes\")." },
        { "/jobs?limit=many", 422, "limit must be a whole number (got \"many\")." },
        // The client's text is quoted as a JSON string: a quote in it cannot end the quotation early.
        { "/api/cameras?limit=a%22%20from%20%22b%2Bc", 400, "limit must be a whole number (got \"a\\\" from \\\"b+c\")." },
    };

    [Theory]
    [MemberData(nameof(UnparsableQueries))]
    public async Task A_query_value_that_does_not_parse_names_the_value_and_what_it_takes(string pathAndQuery, int status, string detail)
    {
        var admin = (await hosts.Standalone).As(ApiRoles.Admin);
        var method = pathAndQuery.Contains("/processed", StringComparison.Ordinal) ? HttpMethod.Delete : HttpMethod.Get;
        using var request = new HttpRequestMessage(method, pathAndQuery);
        var problem = await ApiAssert.ProblemAsync(await admin.SendAsync(request), (HttpStatusCode)status, detail);
        Assert.DoesNotContain("?", problem.GetProperty("detail").GetString()!.Split(" (got")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_content_type_refusal_keeps_its_status_on_a_seed_route()
    {
        var ingest = (await hosts.Standalone).As(ApiRoles.Ingest);
        using var form = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"filename":"logs.json","size":10}"""));
        form.Headers.ContentType = new("text/plain");
        await ApiAssert.ProblemAsync(await ingest.PostAsync("/ingest/files/init", form), HttpStatusCode.UnsupportedMediaType, "JSON");
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
