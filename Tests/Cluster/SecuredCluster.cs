using System.Net.Http.Headers;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Processes;

namespace IngestionCluster.Tests.Cluster;

/// <summary>
/// The real cluster HTTP path: two Silo processes and the Gateway executable with JWT auth on (the test
/// secret, outside the Development environment, so auth cannot be turned off), on Redis, PostgreSQL and
/// s3rver, plus an RTSP server to capture from. Shared by a test class as a fixture, or started by a test.
/// </summary>
public sealed class SecuredCluster : IAsyncLifetime, IAsyncDisposable
{
    private readonly string _prefix;
    private readonly List<HttpClient> _clients = [];
    private ProcessCluster? _cluster;
    private RtspServer? _rtsp;

    public SecuredCluster() : this("secured")
    {
    }

    private SecuredCluster(string prefix) => _prefix = prefix;

    public ProcessCluster Cluster => _cluster ?? throw new InvalidOperationException("Not started.");

    public RtspServer Rtsp => _rtsp ?? throw new InvalidOperationException("Not started.");

    /// <summary>The Gateway process.</summary>
    public ProductProcess Gateway => Cluster.Gateways[0];

    /// <summary>A cluster of the test's own (a test that kills a silo must not share it).</summary>
    public static async Task<SecuredCluster> StartAsync(string prefix)
    {
        var cluster = new SecuredCluster(prefix);
        try
        {
            await cluster.InitializeAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async Task InitializeAsync()
    {
        _rtsp = await TestServers.StartPrivateAsync<RtspServer>();
        _cluster = await ProcessCluster.StartAsync(_prefix, silos: 2, gateways: 1, gatewaySettings: new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Staging",
            ["Auth__Enabled"] = "true",
            ["Auth__JwtSecret"] = TestAuth.Secret,
        });
        using var http = Anonymous();
        await Eventually.TrueAsync(async () => (await http.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(60),
            "the gateway is ready (it reaches the silos)");
    }

    /// <summary>A client without a token.</summary>
    public HttpClient Anonymous()
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        _clients.Add(client);
        return client;
    }

    public HttpClient As(string role, string? cameraId = null) => WithToken(TestAuth.Token(role, cameraId));

    public HttpClient WithToken(string token)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        _clients.ForEach(c => c.Dispose());
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
        if (_rtsp is not null)
        {
            await _rtsp.DisposeAsync();
        }
    }
}
