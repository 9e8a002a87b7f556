using System.Net;
using System.Net.Http.Headers;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionCluster.Tests.Gateway.Hosting;

[Collection(GatewayCollection.Name)]
public sealed class DashboardTests(GatewayHosts hosts)
{
    /// <summary>The page, an asset and data endpoints: the admin policy covers the whole route group.</summary>
    public static TheoryData<StorageKind, string> Paths => new()
    {
        { StorageKind.Standalone, "/dashboard" },
        { StorageKind.Standalone, "/dashboard/" },
        { StorageKind.Standalone, "/dashboard/index.min.js" },
        { StorageKind.Standalone, "/dashboard/DashboardCounters" },
        { StorageKind.Standalone, "/dashboard/Reminders" },
        { StorageKind.Cluster, "/dashboard" },
        { StorageKind.Cluster, "/dashboard/" },
        { StorageKind.Cluster, "/dashboard/DashboardCounters" },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Dashboard_is_401_without_a_token(StorageKind storage, string path)
    {
        var host = await hosts.Get(storage);
        using var client = NoRedirects(host, token: null);

        var response = await client.GetAsync(path);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.Unauthorized, "bearer token");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Dashboard_is_403_for_every_role_but_admin(StorageKind storage, string path)
    {
        var host = await hosts.Get(storage);
        foreach (var role in ApiRoles.All.Where(r => r != ApiRoles.Admin))
        {
            using var client = NoRedirects(host, TestAuth.Token(role, "cam-1"));
            await ApiAssert.ProblemAsync(await client.GetAsync(path), HttpStatusCode.Forbidden);
        }
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Admin_gets_the_dashboard_page_after_the_trailing_slash_redirect(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        using var admin = NoRedirects(host, TestAuth.Token(ApiRoles.Admin));

        using var redirect = await admin.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
        var location = Assert.IsType<Uri>(redirect.Headers.Location);
        Assert.Equal("/dashboard/", location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString);

        // Followed by hand: HttpClient drops the Authorization header on a redirect.
        using var page = await admin.GetAsync(location);
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"{(int)page.StatusCode}: {html}");
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("index.min.js", html, StringComparison.Ordinal);
        using var script = await admin.GetAsync("/dashboard/index.min.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Dashboard_data_lists_the_silo_and_activations_per_grain_type(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var silo = SiloOf(host).GetRequiredService<ILocalSiloDetails>();
        var camera = $"dash-{Guid.NewGuid():N}"[..16];
        var frame = new ByteArrayContent(Samples.Jpeg) { Headers = { ContentType = new("image/jpeg") } };
        await ApiAssert.StatusAsync(await host.As(ApiRoles.Admin).PostAsync($"/api/ingest/push/{camera}", frame), HttpStatusCode.OK);
        using var admin = NoRedirects(host, TestAuth.Token(ApiRoles.Admin));

        // The dashboard refreshes its counters once a second, on the first query after that.
        await Eventually.TrueAsync(async () =>
        {
            var response = await admin.GetAsync("/dashboard/DashboardCounters");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }
            var counters = await ApiAssert.JsonAsync(response);
            var listsSilo = counters.GetProperty("hosts").EnumerateArray().Any(h =>
                h.GetProperty("siloName").GetString() == silo.Name && h.GetProperty("status").GetString() == "Active");
            var listsCameras = counters.GetProperty("simpleGrainStats").EnumerateArray().Any(g =>
                g.GetProperty("grainType").GetString()?.Contains("CameraGrain", StringComparison.Ordinal) == true
                && g.GetProperty("activationCount").GetInt32() > 0);
            return listsSilo && listsCameras;
        }, TimeSpan.FromSeconds(60), $"the dashboard lists silo {silo.Name} and the camera grains");

        var reminders = await ApiAssert.StatusAsync(await admin.GetAsync("/dashboard/Reminders"), HttpStatusCode.OK);
        Assert.True(reminders.TryGetProperty("reminders", out _), reminders.ToString());
    }

    private static HttpClient NoRedirects(GatewayHost host, string? token)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    private static IServiceProvider SiloOf(GatewayHost host) => host switch
    {
        StandaloneGateway standalone => standalone.Services,
        ClusterGateway cluster => cluster.SiloServices,
        _ => throw new InvalidOperationException(host.GetType().Name),
    };
}
