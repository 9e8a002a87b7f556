using System.Net.Http.Json;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Processes;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Deployment;

/// <summary>
/// The images' build stages, replayed without Docker (none runs here): their copy lists and commands publish
/// ReadyToRun applications, and the published silo starts and serves.
/// </summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class DockerImageBuildTests(ITestOutputHelper output)
{
    // A Release ReadyToRun publish of the whole solution, on two cores other collections' servers share: its time grows
    // with their load (6 minutes ran out on a machine also building in other clones), so only a hang should reach this.
    private static readonly TimeSpan _commandTimeout = TimeSpan.FromMinutes(15);

    [Fact]
    public async Task The_silo_image_publishes_a_ReadyToRun_silo_that_starts_and_serves_the_API()
    {
        using var container = new TempDirectory("image-silo");
        var app = await BuildAsync("Dockerfile.silo", container);

        AssertReadyToRun(app, "Grains.dll", "Silo.dll");
        await using var silo = await ProductProcess.StartDllAsync(Path.Combine(app, "Silo.dll"), "image-silo", new Dictionary<string, string>
        {
            // As the image runs it, but standalone: nothing else to start.
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Auth__JwtSecret"] = TestAuth.Secret,
        });
        using var http = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", TestAuth.Token(ApiRoles.Admin));
        var ready = await http.GetAsync("health/ready");
        Assert.True(ready.IsSuccessStatusCode, $"the published silo is not ready: {await ready.Content.ReadAsStringAsync()}\n{silo.Log()}");
        var registered = await http.PostAsJsonAsync("api/cameras", new { id = "image-cam", source_type = "http_push" });
        Assert.True(registered.IsSuccessStatusCode, $"registering a camera failed: {await registered.Content.ReadAsStringAsync()}\n{silo.Log()}");
        Assert.Contains("image-cam", await http.GetStringAsync("api/cameras"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gateway_image_publishes_a_ReadyToRun_gateway()
    {
        using var container = new TempDirectory("image-gateway");
        var app = await BuildAsync("Dockerfile.gateway", container);

        AssertReadyToRun(app, "Gateway.dll", "Storage.dll");
    }

    /// <summary>Replays the image's build stage for this machine's architecture; returns where <c>/app</c> ended up.</summary>
    private async Task<string> BuildAsync(string dockerfile, TempDirectory container)
    {
        var stage = DockerBuildStage.Read(Path.Combine(RepositoryPaths.Root, "deploy", dockerfile));
        var log = await stage.RunAsync(RepositoryPaths.Root, container.Path, new Dictionary<string, string> { ["TARGETARCH"] = DockerArchitecture() }, _commandTimeout);
        output.WriteLine(log);
        return DockerBuildStage.Rooted(container.Path, "/app");
    }

    /// <summary>Docker's name for this machine's architecture, as BuildKit passes it in TARGETARCH.</summary>
    private static string DockerArchitecture() => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        var other => throw new PlatformNotSupportedException($"no image is built for {other}"),
    };

    /// <summary>A ReadyToRun assembly carries precompiled code, announced by the managed native header of its CLI header.</summary>
    private static void AssertReadyToRun(string app, params string[] assemblies)
    {
        foreach (var assembly in assemblies)
        {
            using var reader = new PEReader(File.OpenRead(Path.Combine(app, assembly)));
            Assert.True(reader.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 }, $"{assembly} was published without ReadyToRun code");
        }
    }
}
