using System.Globalization;
using IngestionCluster.Gateway.Hosting;
using IngestionCluster.Grains.Requests;
using IngestionCluster.Runtime.Hosting;
using IngestionCluster.Runtime.Testing;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Storage.Hosting;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Grains;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Tests.Gateway.Support;

/// <summary>
/// Cluster mode: a gateway app built as the Gateway process builds it (cluster client over RabbitMQ, S3
/// blob store, gateway services) in front of a TestCluster silo hosting the product grains on
/// PostgreSQL and the S3-protocol server.
/// </summary>
public sealed class ClusterGateway : GatewayHost
{
    private readonly ProductCluster _product;
    private readonly WebApplication _app;

    private ClusterGateway(ProductCluster product, WebApplication app, Uri baseAddress)
    {
        _product = product;
        _app = app;
        BaseAddress = baseAddress;
        Blobs = app.Services.GetRequiredService<IBlobStore>();
    }

    public override StorageKind Storage => StorageKind.Cluster;

    public override Uri BaseAddress { get; }

    public override IBlobStore Blobs { get; }

    public ProductCluster Product => _product;

    internal static async Task<ClusterGateway> StartAsync()
    {
        var product = await ProductCluster.StartAsync(TestTransport.RabbitMq, StorageKind.Cluster, silos: 1,
            settings: new Dictionary<string, string?> { ["Work:PollInterval"] = "00:00:00.050" },
            configureServices: services => services.AddSingleton<IRtspCaptureExecutor, TestRtspCaptureExecutor>());
        WebApplication? app = null;
        try
        {
            var settings = GatewaySettings.Defaults();
            settings["Cluster:Mode"] = "cluster";
            settings["Cluster:Name"] = product.Cluster.ClusterName;
            settings["Cluster:Partitions"] = product.Cluster.Silos[0].Options.Partitions.ToString(CultureInfo.InvariantCulture);
            settings["RabbitMq:Uri"] = (await TestServers.RabbitMq).AmqpUri.ToString();
            foreach (var (key, value) in product.Configuration.GetSection(StorageOptions.SectionName).AsEnumerable())
            {
                settings[key] = value;
            }

            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            builder.Configuration.AddInMemoryCollection(settings);
            // What Gateway/Program.cs does in cluster mode.
            builder.Services.AddIngestionClient(builder.Configuration);
            builder.Services.AddBlobStore(builder.Configuration, StorageOptions.S3Provider);
            builder.AddGatewayServices();
            app = builder.Build();
            app.MapGatewayEndpoints();
            await app.StartAsync();
            return new ClusterGateway(product, app, new Uri(app.Urls.Single()));
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
            await product.DisposeAsync();
            throw;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _product.DisposeAsync();
    }
}
