using IngestionCluster.Grains.Requests;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Tests.Gateway.Support;

/// <summary>The standalone Silo (in-memory transport, SQLite, blob folder) serving the API, as <c>dotnet run --project Silo</c> runs it.</summary>
public sealed class StandaloneGateway : GatewayHost
{
    private readonly TempDirectory _data;
    private readonly SiloApplicationFactory _factory;

    private StandaloneGateway(TempDirectory data, SiloApplicationFactory factory, Uri baseAddress)
    {
        _data = data;
        _factory = factory;
        BaseAddress = baseAddress;
        Blobs = factory.Services.GetRequiredService<IBlobStore>();
    }

    public override StorageKind Storage => StorageKind.Standalone;

    public override Uri BaseAddress { get; }

    public override IBlobStore Blobs { get; }

    public IServiceProvider Services => _factory.Services;

    /// <summary>Every file under the blob folder (temp files included), to prove nothing partial stays.</summary>
    public IReadOnlyList<string> BlobFiles() =>
        Directory.Exists(_data.Combine("blobs")) ? Directory.GetFiles(_data.Combine("blobs"), "*", SearchOption.AllDirectories) : [];

    internal static async Task<StandaloneGateway> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null,
        string environment = "Development",
        ILoggerProvider? logs = null,
        bool withCaptureExecutor = true)
    {
        var data = new TempDirectory("gateway");
        var all = GatewaySettings.Defaults();
        all["Data:Dir"] = data.Path;
        // Several standalone silos run side by side in this test process: each needs its own Orleans port.
        all["Cluster:SiloPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        var factory = new SiloApplicationFactory(all, environment,
            services =>
            {
                if (withCaptureExecutor)
                {
                    services.AddSingleton<IRtspCaptureExecutor, TestRtspCaptureExecutor>();
                }
            },
            logs);
        try
        {
            factory.UseKestrel(0);
            await Task.Run(factory.StartServer);
            using var probe = factory.CreateClient();
            return new StandaloneGateway(data, factory, probe.BaseAddress!);
        }
        catch
        {
            await factory.DisposeAsync();
            data.Dispose();
            throw;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _factory.DisposeAsync();
        _data.Dispose();
    }
}
