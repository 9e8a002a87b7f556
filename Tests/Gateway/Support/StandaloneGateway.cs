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

    /// <summary>The SQLite file of images, requests and LDOs.</summary>
    public string DatabasePath => _data.Combine("ingest.db");

    public override IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    /// <summary>Every file under the blob folder (temp files included), to prove nothing partial stays.</summary>
    public IReadOnlyList<string> BlobFiles() =>
        Directory.Exists(_data.Combine("blobs")) ? Directory.GetFiles(_data.Combine("blobs"), "*", SearchOption.AllDirectories) : [];

    public override Task<IReadOnlyList<string>> BlobKeysAsync(string prefix)
    {
        var root = _data.Combine("blobs");
        // A blob's content-type sidecar (".name.content-type") belongs to it; an orphaned sidecar or a temp file is a leftover.
        IReadOnlyList<string> keys = [.. BlobFiles()
            .Where(path => !IsSidecarOfExistingBlob(path))
            .Select(path => Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(key => key.StartsWith(prefix, StringComparison.Ordinal))];
        return Task.FromResult(keys);
    }

    private static bool IsSidecarOfExistingBlob(string path)
    {
        var name = Path.GetFileName(path);
        const string suffix = ".content-type";
        return name.StartsWith('.') && name.EndsWith(suffix, StringComparison.Ordinal)
            && File.Exists(Path.Combine(Path.GetDirectoryName(path)!, name[1..^suffix.Length]));
    }

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
