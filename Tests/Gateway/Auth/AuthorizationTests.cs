using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
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
        { "GET", "/ingest/status/ldo-1", "admin,ingest,viewer" },
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
    [InlineData("text/event-stream", "/api/events")]
    [InlineData("image/jpeg", "/api/cameras/cam-1/frame/latest")]
    [InlineData("text/plain", "/api/cameras")]
    public async Task Refusals_are_problem_json_whatever_the_client_accepts(string accept, string path)
    {
        var host = await hosts.Standalone;
        using var anonymous = new HttpRequestMessage(HttpMethod.Get, path);
        anonymous.Headers.Accept.ParseAdd(accept);
        var unauthorized = await host.Anonymous().SendAsync(anonymous);
        await ApiAssert.ProblemAsync(unauthorized, HttpStatusCode.Unauthorized, "bearer token");
        Assert.Equal("Bearer", unauthorized.Headers.WwwAuthenticate.Single().Scheme);

        using var forbidden = new HttpRequestMessage(HttpMethod.Get, path);
        forbidden.Headers.Accept.ParseAdd(accept);
        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Camera, "cam-1").SendAsync(forbidden), HttpStatusCode.Forbidden);

        // A refusal the handler raises as an exception (here an unknown camera) keeps its status too.
        using var missing = new HttpRequestMessage(HttpMethod.Get, "/api/cameras/no-such-camera-anywhere/events");
        missing.Headers.Accept.ParseAdd(accept);
        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Viewer).SendAsync(missing), HttpStatusCode.NotFound);
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
        { "not-yet-valid", "not valid yet" },
        { "no-expiry", "no expiry" },
        { "wrong-signature", "signature" },
        { "unsigned", "signature" },
        { "hs512", "signature" },
        { "wrong-issuer", "issuer" },
        { "wrong-audience", "audience" },
        { "malformed", "malformed" },
        { "too-long", "too long" },
        { "basic-scheme", "Bearer" },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Bad_tokens_are_401_with_the_reason(string kind, string reason)
    {
        var host = await hosts.Standalone;
        var client = host.Anonymous();
        client.DefaultRequestHeaders.Authorization = BadToken(kind);
        var response = await client.GetAsync("/api/cameras");
        await ApiAssert.ProblemAsync(response, HttpStatusCode.Unauthorized, reason);
    }

    [Theory]
    [InlineData("expired", "The token has expired.")]
    [InlineData("wrong-issuer", "The token's issuer is not accepted.")]
    [InlineData("wrong-audience", "The token's audience is not accepted.")]
    [InlineData("wrong-signature", "The token's signature is not valid.")]
    public async Task A_refused_token_is_named_invalid_token_in_the_challenge(string kind, string description)
    {
        var client = (await hosts.Standalone).Anonymous();
        client.DefaultRequestHeaders.Authorization = BadToken(kind);

        var response = await client.GetAsync("/api/cameras");

        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal(description, problem.GetProperty("detail").GetString());
        var challenge = response.Headers.WwwAuthenticate.Single();
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Equal($"error=\"invalid_token\", error_description=\"{description.Replace('"', '\'')}\"", challenge.Parameter);
    }

    [Fact]
    public async Task Without_a_token_the_challenge_is_a_plain_Bearer()
    {
        var response = await (await hosts.Standalone).Anonymous().GetAsync("/api/cameras");
        await ApiAssert.ProblemAsync(response, HttpStatusCode.Unauthorized, "Authorization: Bearer <token>");
        var challenge = response.Headers.WwwAuthenticate.Single();
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Null(challenge.Parameter);
    }

    [Fact]
    public async Task A_valid_token_without_a_role_is_403_with_the_reason()
    {
        var host = await hosts.Standalone;
        var client = host.WithToken(HandmadeJwt.Sign(HandmadeJwt.Claims(role: null, TimeSpan.FromHours(1))));

        await ApiAssert.ProblemAsync(await client.GetAsync("/api/cameras"), HttpStatusCode.Forbidden, "role does not allow");
        await ApiAssert.ProblemAsync(await client.PostAsync("/api/ingest/push/cam-1", new ByteArrayContent(Samples.Jpeg) { Headers = { ContentType = new("image/jpeg") } }),
            HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Tokens_made_to_the_documented_format_by_any_library_are_accepted(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var admin = host.WithToken(HandmadeJwt.Sign(HandmadeJwt.Claims(ApiRoles.Admin, TimeSpan.FromHours(1))));
        var cameraClaims = HandmadeJwt.Claims(ApiRoles.Camera, TimeSpan.FromHours(1));
        cameraClaims[ApiClaims.CameraId] = "handmade-cam";
        var camera = host.WithToken(HandmadeJwt.Sign(cameraClaims));
        var frame = new ByteArrayContent(Samples.Jpeg) { Headers = { ContentType = new("image/jpeg") } };

        await ApiAssert.StatusAsync(await admin.GetAsync("/api/cameras"), HttpStatusCode.OK);
        await ApiAssert.StatusAsync(await camera.PostAsync("/api/ingest/push/handmade-cam", frame), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Token_issued_by_TokenIssuer_keeps_its_claim_names_on_the_wire()
    {
        var token = TestAuth.Token(ApiRoles.Camera, "wire-cam");
        var payload = JsonDocument.Parse(Base64Url(token.Split('.')[1])).RootElement;

        Assert.Equal(TestAuth.Options.Issuer, payload.GetProperty("iss").GetString());
        Assert.Equal(TestAuth.Options.Audience, payload.GetProperty("aud").GetString());
        Assert.Equal(ApiRoles.Camera, payload.GetProperty("role").GetString());
        Assert.Equal("wire-cam", payload.GetProperty("camera_id").GetString());
        Assert.Equal("HS256", JsonDocument.Parse(Base64Url(token.Split('.')[0])).RootElement.GetProperty("alg").GetString());
        var response = await (await hosts.Standalone).WithToken(token).PostAsync("/api/ingest/push/wire-cam",
            new ByteArrayContent(Samples.Jpeg) { Headers = { ContentType = new("image/jpeg") } });
        await ApiAssert.StatusAsync(response, HttpStatusCode.OK);
    }

    private static AuthenticationHeaderValue BadToken(string kind) => kind switch
    {
        "expired" => Bearer(TestAuth.Expired(ApiRoles.Admin)),
        "not-yet-valid" => Bearer(HandmadeJwt.Sign(HandmadeJwt.Claims(ApiRoles.Admin, TimeSpan.FromHours(2), notBefore: DateTimeOffset.UtcNow.AddHours(1)))),
        "no-expiry" => Bearer(HandmadeJwt.Sign(WithoutExpiry(HandmadeJwt.Claims(ApiRoles.Admin, TimeSpan.FromHours(1))))),
        "wrong-signature" => Bearer(TestAuth.WronglySigned(ApiRoles.Admin)),
        "unsigned" => Bearer(HandmadeJwt.Sign(HandmadeJwt.Claims(ApiRoles.Admin, TimeSpan.FromHours(1)), algorithm: "none")),
        "hs512" => Bearer(HandmadeJwt.Sign(HandmadeJwt.Claims(ApiRoles.Admin, TimeSpan.FromHours(1)), algorithm: "HS512")),
        "wrong-issuer" => Bearer(TestAuth.WithIssuer(ApiRoles.Admin, "someone-else")),
        "wrong-audience" => Bearer(TestAuth.WithAudience(ApiRoles.Admin, "another-api")),
        "malformed" => Bearer("not.a.token"),
        "too-long" => Bearer(new string('a', 9000)),
        _ => new AuthenticationHeaderValue("Basic", "YWRtaW46YWRtaW4="),
    };

    private static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);

    private static Dictionary<string, object> WithoutExpiry(Dictionary<string, object> claims)
    {
        claims.Remove("exp");
        return claims;
    }

    private static byte[] Base64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + (4 - padded.Length % 4) % 4, '='));
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Camera_token_pushes_to_its_own_camera_only(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var client = host.As(ApiRoles.Camera, "own-camera");
        HttpContent Frame() => new ByteArrayContent(Samples.Jpeg) { Headers = { ContentType = new("image/jpeg") } };

        await ApiAssert.StatusAsync(await client.PostAsync("/api/ingest/push/own-camera", Frame()), HttpStatusCode.OK);
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
    // The seeds' probes: log-ingest's, ThermoSense's, camera-ingest's.
    [InlineData("/health/live")]
    [InlineData("/live")]
    [InlineData("/ready")]
    [InlineData("/api/health")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/docs/index.html")]
    public async Task Operations_endpoints_and_the_api_document_need_no_token(string path)
    {
        var response = await (await hosts.Standalone).Anonymous().GetAsync(path);
        await ApiAssert.StatusAsync(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_probes_answer_thermosenses_alive_and_ready_fields()
    {
        var anonymous = (await hosts.Standalone).Anonymous();
        var live = await ApiAssert.StatusAsync(await anonymous.GetAsync("/live"), HttpStatusCode.OK);
        Assert.True(live.GetProperty("alive").GetBoolean());
        Assert.InRange(live.GetProperty("timestamp").GetInt64(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60);
        var ready = await ApiAssert.StatusAsync(await anonymous.GetAsync("/ready"), HttpStatusCode.OK);
        Assert.True(ready.GetProperty("ready").GetBoolean());
        Assert.Equal("healthy", ready.GetProperty("status").GetString());
    }
}
