using System.Net;
using System.Net.Sockets;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Tests.Gateway.Support;

namespace IngestionCluster.Tests.Gateway.Hosting;

public sealed class RateLimitAndCorsTests
{
    [Fact]
    public async Task Rate_limit_is_per_user_and_answers_429_with_retry_after()
    {
        await using var host = await StandaloneGateway.StartAsync(new Dictionary<string, string?>
        {
            ["RateLimit:Enabled"] = "true",
            ["RateLimit:PermitLimit"] = "3",
            ["RateLimit:Window"] = "00:01:00",
        });
        var alice = host.WithToken(TestAuth.Token(ApiRoles.Viewer, subject: "alice"));
        for (var i = 0; i < 3; i++)
        {
            await ApiAssert.StatusAsync(await alice.GetAsync("/api/cameras"), HttpStatusCode.OK);
        }

        using var limited = await alice.GetAsync("/api/cameras");

        await ApiAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests, "retry after");
        var retryAfter = int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        // Another user has a budget of their own; operations endpoints are not limited.
        await ApiAssert.StatusAsync(await host.WithToken(TestAuth.Token(ApiRoles.Viewer, subject: "bob")).GetAsync("/api/cameras"), HttpStatusCode.OK);
        await ApiAssert.StatusAsync(await alice.GetAsync("/health"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Requests_without_a_user_are_limited_by_client_ip()
    {
        await using var host = await StandaloneGateway.StartAsync(new Dictionary<string, string?>
        {
            ["RateLimit:Enabled"] = "true",
            ["RateLimit:PermitLimit"] = "2",
        });
        var anonymous = host.Anonymous();
        await ApiAssert.ProblemAsync(await anonymous.GetAsync("/api/cameras"), HttpStatusCode.Unauthorized);
        await ApiAssert.ProblemAsync(await anonymous.GetAsync("/api/cameras"), HttpStatusCode.Unauthorized);
        await ApiAssert.ProblemAsync(await anonymous.GetAsync("/api/cameras"), HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task With_authentication_off_each_client_ip_has_its_own_budget()
    {
        await using var host = await StandaloneGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:Enabled"] = "false",
            ["RateLimit:Enabled"] = "true",
            ["RateLimit:PermitLimit"] = "2",
        });
        using var first = ClientFrom(IPAddress.Parse("127.0.0.1"), host.BaseAddress);
        using var second = ClientFrom(IPAddress.Parse("127.0.0.2"), host.BaseAddress);
        await ApiAssert.StatusAsync(await first.GetAsync("/api/cameras"), HttpStatusCode.OK);
        await ApiAssert.StatusAsync(await first.GetAsync("/api/cameras"), HttpStatusCode.OK);
        await ApiAssert.ProblemAsync(await first.GetAsync("/api/cameras"), HttpStatusCode.TooManyRequests);

        // Every caller is the same anonymous admin: without the IP they would all share one budget.
        await ApiAssert.StatusAsync(await second.GetAsync("/api/cameras"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Frame_pushes_have_a_budget_per_user_and_camera_apart_from_the_rest_of_the_api()
    {
        await using var host = await StandaloneGateway.StartAsync(new Dictionary<string, string?>
        {
            ["RateLimit:Enabled"] = "true",
            ["RateLimit:PermitLimit"] = "2",
            ["RateLimit:FramePermitLimit"] = "3",
        });
        // A fleet of cameras behind one token, as a camera-ingest service pushes them.
        var fleet = host.WithToken(TestAuth.Token(ApiRoles.Admin, subject: "fleet"));
        for (var i = 0; i < 3; i++)
        {
            await ApiAssert.StatusAsync(await fleet.PostAsync("/api/ingest/push/rl-cam-a", Frame()), HttpStatusCode.OK);
        }

        await ApiAssert.ProblemAsync(await fleet.PostAsync("/api/ingest/push/rl-cam-a", Frame()), HttpStatusCode.TooManyRequests, "retry after");
        await ApiAssert.StatusAsync(await fleet.PostAsync("/api/ingest/push/rl-cam-b", Frame()), HttpStatusCode.OK);
        await ApiAssert.StatusAsync(await fleet.GetAsync("/api/cameras"), HttpStatusCode.OK);
        await ApiAssert.StatusAsync(await fleet.GetAsync("/api/cameras"), HttpStatusCode.OK);
        await ApiAssert.ProblemAsync(await fleet.GetAsync("/api/cameras"), HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Anonymous_pushes_share_one_budget_whatever_camera_they_name()
    {
        await using var host = await StandaloneGateway.StartAsync(new Dictionary<string, string?>
        {
            ["RateLimit:Enabled"] = "true",
            ["RateLimit:FramePermitLimit"] = "3",
        });
        var anonymous = host.Anonymous();
        string[] madeUp = ["rl-anon-1", "rl-anon-2", "not%20an%20id"];
        foreach (var camera in madeUp)
        {
            await ApiAssert.ProblemAsync(await anonymous.PostAsync($"/api/ingest/push/{camera}", Frame()), HttpStatusCode.Unauthorized);
        }

        await ApiAssert.ProblemAsync(await anonymous.PostAsync("/api/ingest/push/rl-anon-4", Frame()), HttpStatusCode.TooManyRequests, "retry after");
        // A caller with a token keeps a budget per camera.
        await ApiAssert.StatusAsync(await host.WithToken(TestAuth.Token(ApiRoles.Admin, subject: "fleet")).PostAsync("/api/ingest/push/rl-anon-4", Frame()), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Latest_frame_reads_count_under_the_media_budget_not_the_api_s()
    {
        await using var host = await StandaloneGateway.StartAsync(new Dictionary<string, string?>
        {
            ["RateLimit:Enabled"] = "true",
            ["RateLimit:PermitLimit"] = "2",
            ["RateLimit:MediaPermitLimit"] = "100",
        });
        var dashboard = host.WithToken(TestAuth.Token(ApiRoles.Admin, subject: "dashboard"));
        await ApiAssert.StatusAsync(await dashboard.PostAsync("/api/ingest/push/rl-latest", Frame()), HttpStatusCode.OK);

        // A dashboard polling the latest frame, well beyond the API's budget of 2.
        for (var i = 0; i < 6; i++)
        {
            await ApiAssert.StatusAsync(await dashboard.GetAsync("/api/cameras/rl-latest/frame/latest"), HttpStatusCode.OK);
        }
        await ApiAssert.StatusAsync(await dashboard.GetAsync("/api/cameras"), HttpStatusCode.OK);
        await ApiAssert.StatusAsync(await dashboard.GetAsync("/api/cameras"), HttpStatusCode.OK);
        await ApiAssert.ProblemAsync(await dashboard.GetAsync("/api/cameras"), HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Cors_allows_the_configured_origins_only()
    {
        await using var host = await StandaloneGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Cors:AllowedOrigins:0"] = "https://console.example.com",
        });
        var client = host.Anonymous();

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/cameras");
        preflight.Headers.Add("Origin", "https://console.example.com");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        using var allowed = await client.SendAsync(preflight);
        Assert.True(allowed.IsSuccessStatusCode, $"preflight answered {allowed.StatusCode}");
        Assert.Equal("https://console.example.com", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var foreign = new HttpRequestMessage(HttpMethod.Get, "/health");
        foreign.Headers.Add("Origin", "https://evil.example.net");
        using var refused = await client.SendAsync(foreign);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));

        using var ok = new HttpRequestMessage(HttpMethod.Get, "/health");
        ok.Headers.Add("Origin", "https://console.example.com");
        using var answered = await client.SendAsync(ok);
        Assert.Equal("https://console.example.com", answered.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("X-Request-ID", answered.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.OrdinalIgnoreCase);
    }

    private static ByteArrayContent Frame() => new(Samples.Jpeg) { Headers = { ContentType = new("image/jpeg") } };

    /// <summary>A client whose connections come from <paramref name="source"/>, one of the loopback addresses.</summary>
    private static HttpClient ClientFrom(IPAddress source, Uri baseAddress) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { BaseAddress = baseAddress };
}
