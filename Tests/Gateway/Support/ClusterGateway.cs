using System.Globalization;
using IngestionCluster.Gateway.Hosting;
using IngestionCluster.Grains.Metadata;
using IngestionCluster.Grains.Requests;
using IngestionCluster.ServiceDefaults;
using IngestionCluster.ServiceDefaults.Telemetry;
using IngestionCluster.Silo.Hosting;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Storage.Events;
using IngestionCluster.Storage.Hosting;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Grains;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Tests.Gateway.Support;

/// <summary>
/// Cluster mode: a gateway app built as the Gateway process builds it (an Orleans client on Redis
/// membership, S3 blob store, Redis events, gateway services) in front of a cluster-mode silo configured
/// as the Silo process configures it (Redis, PostgreSQL, s3rver), both in this process on real ports.
/// </summary>
public sealed class ClusterGateway : GatewayHost
{
    private readonly IHost _silo;
    private readonly WebApplication _app;
    private readonly S3Server _s3;
    private readonly string _bucket;

    private ClusterGateway(IHost silo, WebApplication app, Uri baseAddress, S3Server s3, string bucket)
    {
        _silo = silo;
        _app = app;
        _s3 = s3;
        _bucket = bucket;
        BaseAddress = baseAddress;
        Blobs = app.Services.GetRequiredService<IBlobStore>();
        Metadata = silo.Services.GetRequiredService<MetadataStore>();
    }

    public override StorageKind Storage => StorageKind.Cluster;

    public override Uri BaseAddress { get; }

    public override IBlobStore Blobs { get; }

    /// <summary>The silo's metadata store, for assertions.</summary>
    public MetadataStore Metadata { get; }

    /// <summary>The gateway's Orleans client.</summary>
    public override IGrainFactory Grains => _app.Services.GetRequiredService<IClusterClient>();

    public IServiceProvider SiloServices => _silo.Services;

    /// <param name="settings">Settings for both the silo and the gateway, over the defaults.</param>
    /// <param name="withCaptureExecutor">Whether RTSP capture requests go to the test double (true) or to the real ffmpeg capture.</param>
    internal static async Task<ClusterGateway> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, bool withCaptureExecutor = true)
    {
        var s3 = await TestServers.S3;
        var redis = await TestServers.Redis;
        var shared = new Dictionary<string, string?>
        {
            ["Cluster:Mode"] = "cluster",
            ["Cluster:ClusterId"] = $"api-{Guid.NewGuid():N}",
            ["Cluster:ServiceId"] = "api-tests",
            ["Redis:Configuration"] = redis.Configuration,
            ["Redis:KeyPrefix"] = $"api-{Guid.NewGuid():N}:",
            ["Storage:Provider"] = StorageOptions.S3Provider,
            ["Storage:Endpoint"] = s3.Endpoint,
            ["Storage:AccessKey"] = s3.AccessKey,
            ["Storage:SecretKey"] = s3.SecretKey,
            ["Storage:Region"] = s3.Region,
            ["Storage:Bucket"] = await s3.CreateBucketAsync("api"),
        };
        foreach (var (key, value) in GatewaySettings.Defaults())
        {
            shared[key] = value;
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            shared[key] = value;
        }

        var siloSettings = new Dictionary<string, string?>(shared)
        {
            ["Cluster:SiloName"] = "api-silo",
            ["Cluster:SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Cluster:GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Cluster:AdvertisedAddress"] = "127.0.0.1",
            ["Db:ConnectionString"] = await (await TestServers.Postgres).CreateDatabaseAsync("api"),
        };
        var siloBuilder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Development" });
        siloBuilder.Configuration.AddInMemoryCollection(siloSettings);
        // What Silo/Program.cs does in cluster mode.
        siloBuilder.AddIngestionSilo(ClusterSettings.Read(siloBuilder.Configuration));
        if (withCaptureExecutor)
        {
            siloBuilder.Services.AddSingleton<IRtspCaptureExecutor, TestRtspCaptureExecutor>();
        }
        var silo = siloBuilder.Build();
        WebApplication? app = null;
        try
        {
            await silo.StartAsync();
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(shared);
            // What Gateway/Program.cs does.
            builder.AddServiceDefaults(ServiceNames.Gateway);
            builder.Logging.ClearProviders();
            builder.AddIngestionClusterClient(ClusterSettings.Read(builder.Configuration));
            builder.Services.AddCameraEventBus(ClusterMode.Cluster);
            builder.Services.AddBlobStore(builder.Configuration, StorageOptions.S3Provider);
            builder.AddGatewayServices();
            app = builder.Build();
            app.MapDefaultEndpoints();
            app.MapGatewayEndpoints();
            app.MapAdminDashboard();
            await app.StartAsync();
            var gateway = new ClusterGateway(silo, app, new Uri(app.Urls.Single()), s3, shared["Storage:Bucket"]!);
            await gateway.WaitUntilReadyAsync();
            return gateway;
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
            await silo.StopAsync();
            silo.Dispose();
            throw;
        }
    }

    public override async Task<IReadOnlyList<string>> BlobKeysAsync(string prefix)
    {
        using var client = _s3.CreateClient();
        var keys = new List<string>();
        var request = new Amazon.S3.Model.ListObjectsV2Request { BucketName = _bucket, Prefix = prefix };
        while (true)
        {
            var page = await client.ListObjectsV2Async(request);
            keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            if (page.IsTruncated != true)
            {
                break;
            }
            request.ContinuationToken = page.NextContinuationToken;
        }
        var uploads = await client.ListMultipartUploadsAsync(new Amazon.S3.Model.ListMultipartUploadsRequest { BucketName = _bucket, Prefix = prefix });
        Assert.True(uploads.IsTruncated != true, "the test S3 server lists every multipart upload in one page");
        return [.. keys, .. (uploads.MultipartUploads ?? []).Select(u => $"(unfinished multipart upload) {u.Key}")];
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _silo.StopAsync();
        _silo.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        await Eventually.TrueAsync(async () => (await http.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(60),
            "the cluster gateway is ready (it reaches the silo)");
    }
}
