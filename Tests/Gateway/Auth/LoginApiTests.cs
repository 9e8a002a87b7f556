using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;

namespace IngestionCluster.Tests.Gateway.Auth;

/// <summary>The log-ingest seed's login as its clients use it: log in, call the API with the token, refresh, ask who they are.</summary>
[Collection(GatewayCollection.Name)]
public sealed class LoginApiTests(GatewayHosts hosts)
{
    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task A_configured_user_logs_in_uses_the_token_and_refreshes_it(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var anonymous = host.Anonymous();

        var tokens = await ApiAssert.StatusAsync(await anonymous.PostAsJsonAsync("/auth/login", new { username = "uploader", password = "uploader-password-of-the-tests" }), HttpStatusCode.OK);

        Assert.Equal("bearer", tokens.GetProperty("token_type").GetString());
        Assert.Equal(1800, tokens.GetProperty("expires_in").GetInt64());
        var uploader = host.WithToken(tokens.GetProperty("access_token").GetString()!);
        var me = await ApiAssert.JsonAsync(await uploader.GetAsync("/auth/me"));
        Assert.Equal("uploader", me.GetProperty("username").GetString());
        Assert.Equal(ApiRoles.Ingest, me.GetProperty("role").GetString());
        Assert.InRange(me.GetProperty("expires_at").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(29), DateTimeOffset.UtcNow.AddMinutes(31));
        // The seed's next request, with the token of its login.
        await ApiAssert.StatusAsync(await uploader.PostAsJsonAsync("/ingest/files/init", new { filename = "logs.json", size = 1024, log_format = "json" }), HttpStatusCode.Created);
        await ApiAssert.ProblemAsync(await uploader.GetAsync("/api/admin/dead-letters"), HttpStatusCode.Forbidden);

        // The refresh token is no bearer token; traded at /auth/refresh, it gives tokens that work.
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;
        await ApiAssert.ProblemAsync(await host.WithToken(refreshToken).GetAsync("/auth/me"), HttpStatusCode.Unauthorized);
        var refreshed = await ApiAssert.StatusAsync(await anonymous.PostAsJsonAsync("/auth/refresh", new { refresh_token = refreshToken }), HttpStatusCode.OK);
        var again = await ApiAssert.JsonAsync(await host.WithToken(refreshed.GetProperty("access_token").GetString()!).GetAsync("/auth/me"));
        Assert.Equal("uploader", again.GetProperty("username").GetString());
        // An access token is no refresh token.
        await ApiAssert.ProblemAsync(await anonymous.PostAsJsonAsync("/auth/refresh", new { refresh_token = tokens.GetProperty("access_token").GetString() }),
            HttpStatusCode.Unauthorized, "log in again");

        var admin = await ApiAssert.StatusAsync(await anonymous.PostAsJsonAsync("/auth/login", new { username = "admin", password = "admin-password-of-the-tests" }), HttpStatusCode.OK);
        await ApiAssert.StatusAsync(await host.WithToken(admin.GetProperty("access_token").GetString()!).GetAsync("/api/admin/dead-letters"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Wrong_names_and_passwords_are_the_same_401_and_bad_bodies_422()
    {
        var anonymous = (await hosts.Standalone).Anonymous();

        var wrongPassword = await anonymous.PostAsJsonAsync("/auth/login", new { username = "admin", password = "admin123" });
        var problem = await ApiAssert.ProblemAsync(wrongPassword, HttpStatusCode.Unauthorized, "Incorrect username or password");
        Assert.Equal("Bearer", wrongPassword.Headers.WwwAuthenticate.Single().Scheme);
        var unknownUser = await ApiAssert.ProblemAsync(await anonymous.PostAsJsonAsync("/auth/login", new { username = "nobody", password = "admin-password-of-the-tests" }),
            HttpStatusCode.Unauthorized);
        Assert.Equal(problem.GetProperty("detail").GetString(), unknownUser.GetProperty("detail").GetString());
        // Names are exact: another case is another name.
        await ApiAssert.ProblemAsync(await anonymous.PostAsJsonAsync("/auth/login", new { username = "Admin", password = "admin-password-of-the-tests" }), HttpStatusCode.Unauthorized);

        await ApiAssert.ProblemAsync(await anonymous.PostAsJsonAsync("/auth/login", new { username = "admin" }), (HttpStatusCode)422, "password");
        await ApiAssert.ProblemAsync(await anonymous.PostAsJsonAsync("/auth/refresh", new { }), (HttpStatusCode)422, "refresh_token");
        await ApiAssert.ProblemAsync(await anonymous.PostAsJsonAsync("/auth/refresh", new { refresh_token = "not.a.token" }), HttpStatusCode.Unauthorized);
        await ApiAssert.ProblemAsync(await anonymous.GetAsync("/auth/me"), HttpStatusCode.Unauthorized);
        // A body without Content-Type, as Python's requests.post(url, data=json.dumps(...)) sends it.
        using var untyped = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"username":"admin","password":"admin-password-of-the-tests"}"""));
        await ApiAssert.StatusAsync(await anonymous.PostAsync("/auth/login", untyped), HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_refresh_token_ends_with_its_user_s_password_or_the_user()
    {
        var hash = PasswordHashing.Hash("first-password-123");
        var options = new AuthOptions { JwtSecret = TestAuth.Secret, Users = [new LoginUser { Username = "ops", PasswordHash = hash, Role = ApiRoles.Viewer }] };
        var refresh = TokenIssuer.IssueRefresh(options, options.Users[0], DateTimeOffset.UtcNow);

        Assert.Equal("ops", (await TokenIssuer.ReadRefreshAsync(options, refresh))?.Username);
        options.Users[0].Role = ApiRoles.Ingest;
        Assert.Equal(ApiRoles.Ingest, (await TokenIssuer.ReadRefreshAsync(options, refresh))?.Role);
        options.Users[0].PasswordHash = PasswordHashing.Hash("second-password-123");
        Assert.Null(await TokenIssuer.ReadRefreshAsync(options, refresh));
        options.Users[0].PasswordHash = hash;
        Assert.NotNull(await TokenIssuer.ReadRefreshAsync(options, refresh));
        options.Users.Clear();
        Assert.Null(await TokenIssuer.ReadRefreshAsync(options, refresh));

        var expired = TokenIssuer.IssueRefresh(new AuthOptions { JwtSecret = TestAuth.Secret, RefreshTokenLifetime = TimeSpan.FromHours(1) },
            new LoginUser { Username = "ops", PasswordHash = hash }, DateTimeOffset.UtcNow.AddHours(-2));
        options.Users.Add(new LoginUser { Username = "ops", PasswordHash = hash });
        Assert.Null(await TokenIssuer.ReadRefreshAsync(options, expired));
        Assert.Null(await TokenIssuer.ReadRefreshAsync(new AuthOptions { JwtSecret = TestAuth.OtherSecret, Users = options.Users }, refresh));
    }
}
