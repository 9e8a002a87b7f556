using System.Net;
using System.Net.Http.Headers;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;

namespace IngestionCluster.Tests.Gateway.Auth;

[Collection(GatewayCollection.Name)]
public sealed class AuthorizationTests(GatewayHosts hosts)
{
    /// <summary>Every protected endpoint with the roles that may call it.</summary>
    public static TheoryData<string, string, string> Endpoints => new()
    {
        { "POST", "/api/v1/ingest/upload", "admin,ingest" },
        { "POST", "/api/v1/ingest/rtsp", "admin,ingest" },
        { "GET", "/api/v1/ingest/status/req_1", "admin,ingest,viewer" },
        { "GET", "/api/v1/images", "admin,ingest,viewer" },
        { "GET", "/api/v1/images/img_1", "admin,ingest,viewer" },
        { "GET", "/api/v1/images/img_1/content", "admin,ingest,viewer" },
        { "POST", "/api/cameras", "admin" },
        { "GET", "/api/cameras", "admin,ingest,viewer" },
        { "GET", "/api/cameras/cam-1", "admin,ingest,viewer" },
        { "PATCH", "/api/cameras/cam-1", "admin" },
        { "DELETE", "/api/cameras/cam-1", "admin" },
        { "GET", "/api/cameras/cam-1/frame/latest", "admin,ingest,viewer" },
        { "POST", "/api/ingest/push/cam-1", "admin,ingest,camera" },
        { "GET", "/api/cameras/cam-1/events", "admin,ingest,viewer" },
        { "GET", "/api/events", "admin,ingest,viewer" },
        { "POST", "/ingest/ldo", "admin,ingest" },
        { "GET", "/ingest/list", "admin,ingest,viewer" },
        { "GET", "/ingest/ldo/ldo-1", "admin,ingest,viewer" },
        { "POST", "/api/v1/uploads", "admin,ingest" },
        { "POST", "/api/v1/jobs/job_1/complete", "admin,ingest" },
        { "GET", "/api/v1/jobs/job_1", "admin,ingest,viewer" },
        { "GET", "/api/v1/jobs", "admin,ingest,viewer" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_protected_endpoint_is_401_without_a_token(string method, string path, string roles)
    {
        _ = roles;
        var response = await (await hosts.Standalone).Anonymous().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        await ApiAssert.ProblemAsync(response, HttpStatusCode.Unauthorized, "bearer token");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_protected_endpoint_is_403_for_roles_it_does_not_allow(string method, string path, string roles)
    {
        var host = await hosts.Standalone;
        var allowed = roles.Split(',');
        foreach (var role in ApiRoles.All.Except(allowed))
        {
            // A camera token for the very camera in the path: only its role can make it fail.
            var response = await host.As(role, "cam-1").SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            await ApiAssert.ProblemAsync(response, HttpStatusCode.Forbidden);
        }
        foreach (var role in allowed)
        {
            using var response = await host.As(role, "cam-1").SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent([]) },
                HttpCompletionOption.ResponseHeadersRead);
            Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    public static TheoryData<string, string> BadTokens => new()
    {
        { "expired", "expired" },
        { "wrong-signature", "signature" },
        { "wrong-issuer", "issuer" },
        { "wrong-audience", "audience" },
        { "malformed", "malformed" },
        { "basic-scheme", "Bearer" },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Bad_tokens_are_401_with_the_reason(string kind, string reason)
    {
        var host = await hosts.Standalone;
        var client = host.Anonymous();
        client.DefaultRequestHeaders.Authorization = kind switch
        {
            "expired" => new AuthenticationHeaderValue("Bearer", TestAuth.Expired(ApiRoles.Admin)),
            "wrong-signature" => new AuthenticationHeaderValue("Bearer", TestAuth.WronglySigned(ApiRoles.Admin)),
            "wrong-issuer" => new AuthenticationHeaderValue("Bearer", TestAuth.WithIssuer(ApiRoles.Admin, "someone-else")),
            "wrong-audience" => new AuthenticationHeaderValue("Bearer", TestAuth.WithAudience(ApiRoles.Admin, "another-api")),
            "malformed" => new AuthenticationHeaderValue("Bearer", "not.a.token"),
            _ => new AuthenticationHeaderValue("Basic", "YWRtaW46YWRtaW4="),
        };
        var response = await client.GetAsync("/api/cameras");
        await ApiAssert.ProblemAsync(response, HttpStatusCode.Unauthorized, reason);
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Camera_token_pushes_to_its_own_camera_only(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var client = host.As(ApiRoles.Camera, "own-camera");
        HttpContent Frame() => new ByteArrayContent(Samples.Jpeg) { Headers = { ContentType = new("image/jpeg") } };

        await ApiAssert.StatusAsync(await client.PostAsync("/api/ingest/push/own-camera", Frame()), HttpStatusCode.Accepted);
        await ApiAssert.ProblemAsync(await client.PostAsync("/api/ingest/push/other-camera", Frame()), HttpStatusCode.Forbidden, "own-camera");
        await ApiAssert.ProblemAsync(await client.GetAsync("/api/cameras/own-camera/frame/latest"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Camera_token_without_camera_claim_cannot_push()
    {
        var host = await hosts.Standalone;
        var client = host.As(ApiRoles.Camera);
        var frame = new ByteArrayContent(Samples.Jpeg) { Headers = { ContentType = new("image/jpeg") } };
        await ApiAssert.ProblemAsync(await client.PostAsync("/api/ingest/push/cam-1", frame), HttpStatusCode.Forbidden, "camera_id");
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/health/ready")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/docs/index.html")]
    public async Task Operations_endpoints_and_the_api_document_need_no_token(string path)
    {
        var response = await (await hosts.Standalone).Anonymous().GetAsync(path);
        await ApiAssert.StatusAsync(response, HttpStatusCode.OK);
    }
}
