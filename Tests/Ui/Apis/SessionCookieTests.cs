using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Ui.Support;

namespace IngestionCluster.Tests.Ui.Apis;

/// <summary>
/// The UI's session: a bearer token exchanged for an HttpOnly, SameSite=Strict cookie that JwtBearer accepts
/// for reads and event streams, and for changes only with the X-Requested-With header and never from another site.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class SessionCookieTests(GatewayHosts hosts)
{
    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task A_token_is_exchanged_for_an_http_only_strict_cookie_that_expires_with_it(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var token = TestAuth.Token(ApiRoles.Viewer, lifetime: TimeSpan.FromMinutes(30));
        using var response = await host.WithToken(token).PostAsync("/api/session", null);
        var body = await ApiAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("viewer", body.GetProperty("role").GetString());
        Assert.Equal("cookie", body.GetProperty("via").GetString());

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith($"{SessionCookie.Name}={token};", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        var expires = DateTimeOffset.Parse(cookie.Split(';').Select(part => part.Trim()).Single(part => part.StartsWith("expires=", StringComparison.OrdinalIgnoreCase))[8..],
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires, DateTimeOffset.UtcNow.AddMinutes(29), DateTimeOffset.UtcNow.AddMinutes(31));
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task The_cookie_reads_and_streams_events_but_changes_need_the_csrf_header(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var camera = UiApi.NewCameraId("cookie");
        await UiApi.RegisterAsync(host, camera);
        using var client = await CookieClientAsync(host, TestAuth.Token(ApiRoles.Admin));

        using (var session = await client.GetAsync("/api/session"))
        {
            var body = await ApiAssert.StatusAsync(session, HttpStatusCode.OK);
            Assert.True(body.GetProperty("authenticated").GetBoolean());
            Assert.Equal("cookie", body.GetProperty("via").GetString());
        }
        await ApiAssert.StatusAsync(await client.GetAsync($"/api/cameras/{camera}"), HttpStatusCode.OK);
        using (var events = await client.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, events.StatusCode);
            Assert.Equal("text/event-stream", events.Content.Headers.ContentType?.MediaType);
        }

        var patch = JsonContent.Create(new { fps = 3 });
        await ApiAssert.ProblemAsync(await client.PatchAsync($"/api/cameras/{camera}", patch), HttpStatusCode.Unauthorized, "X-Requested-With");
        Assert.Equal(2, (await UiApi.GetCameraAsync(host, camera)).GetProperty("fps").GetDouble());

        using var withHeader = new HttpRequestMessage(HttpMethod.Patch, $"/api/cameras/{camera}") { Content = JsonContent.Create(new { fps = 3 }) };
        withHeader.Headers.Add(SessionCookie.CsrfHeader, "ingestion-ui");
        await ApiAssert.StatusAsync(await client.SendAsync(withHeader), HttpStatusCode.OK);
        Assert.Equal(3, (await UiApi.GetCameraAsync(host, camera)).GetProperty("fps").GetDouble());
    }

    [Fact]
    public async Task The_orleans_dashboard_accepts_an_admins_cookie_only()
    {
        var host = await hosts.Standalone;
        using var admin = await CookieClientAsync(host, TestAuth.Token(ApiRoles.Admin));
        using var page = await admin.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Orleans", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var viewer = await CookieClientAsync(host, TestAuth.Token(ApiRoles.Viewer));
        await ApiAssert.ProblemAsync(await viewer.GetAsync("/dashboard/"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_cookie_is_refused_from_another_site_and_after_sign_out()
    {
        var host = await hosts.Standalone;
        using var client = await CookieClientAsync(host, TestAuth.Token(ApiRoles.Admin));
        foreach (var site in new[] { "cross-site", "same-site" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/cameras");
            request.Headers.Add("Sec-Fetch-Site", site);
            await ApiAssert.ProblemAsync(await client.SendAsync(request), HttpStatusCode.Unauthorized, "own origin");
        }
        using (var sameOrigin = new HttpRequestMessage(HttpMethod.Get, "/api/cameras"))
        {
            sameOrigin.Headers.Add("Sec-Fetch-Site", "same-origin");
            await ApiAssert.StatusAsync(await client.SendAsync(sameOrigin), HttpStatusCode.OK);
        }

        using var signOut = await client.DeleteAsync("/api/session");
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.Contains(signOut.Headers.GetValues("Set-Cookie"), cookie => cookie.StartsWith($"{SessionCookie.Name}=;", StringComparison.Ordinal) && cookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Only_a_reading_role_gets_a_session_and_never_from_a_cookie_or_without_a_token()
    {
        var host = await hosts.Standalone;
        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Camera, "cam-1").PostAsync("/api/session", null), HttpStatusCode.Forbidden);
        await ApiAssert.ProblemAsync(await host.Anonymous().PostAsync("/api/session", null), HttpStatusCode.Unauthorized);
        await ApiAssert.ProblemAsync(await host.WithToken(TestAuth.Expired(ApiRoles.Admin)).PostAsync("/api/session", null), HttpStatusCode.Unauthorized, "expired");

        using var anonymous = await host.Anonymous().GetAsync("/api/session");
        var body = await ApiAssert.StatusAsync(anonymous, HttpStatusCode.OK);
        Assert.False(body.GetProperty("authenticated").GetBoolean());
        Assert.True(body.GetProperty("auth_enabled").GetBoolean());

        using var client = await CookieClientAsync(host, TestAuth.Token(ApiRoles.Admin));
        using var again = new HttpRequestMessage(HttpMethod.Post, "/api/session");
        again.Headers.Add(SessionCookie.CsrfHeader, "ingestion-ui");
        await ApiAssert.ProblemAsync(await client.SendAsync(again), HttpStatusCode.BadRequest, "Authorization header");
    }

    /// <summary>A client that signed in with <paramref name="token"/> and from then on sends only the cookie.</summary>
    private static async Task<HttpClient> CookieClientAsync(GatewayHost host, string token)
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = host.BaseAddress };
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/api/session");
        signIn.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(signIn);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(cookies.GetCookies(host.BaseAddress));
        return client;
    }
}
