using IngestionCluster.Storage.Telemetry;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Storage.Hosting;
using IngestionCluster.Storage.Local;
using IngestionCluster.Storage.S3;
using IngestionCluster.Tests.Fixtures;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Tests.Storage.Hosting;

public sealed class AddBlobStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new("blob-di");

    public void Dispose() => _directory.Dispose();

    private static ServiceProvider Build(string defaultProvider, params (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddBlobStore(configuration, defaultProvider);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Standalone_default_is_a_local_folder_under_the_data_dir()
    {
        using var provider = Build("local", ("Data:Dir", _directory.Path));

        var store = Assert.IsType<LocalFolderBlobStore>(Assert.IsType<MeasuredBlobStore>(provider.GetRequiredService<IBlobStore>()).Inner);

        Assert.Equal(Path.Combine(_directory.Path, "blobs"), store.Root);
    }

    [Fact]
    public void Local_root_can_be_set_explicitly()
    {
        var root = _directory.Combine("elsewhere");
        using var provider = Build("s3", ("Storage:Provider", "LOCAL"), ("Storage:LocalRoot", root));

        var store = Assert.IsType<LocalFolderBlobStore>(Assert.IsType<MeasuredBlobStore>(provider.GetRequiredService<IBlobStore>()).Inner);

        Assert.Equal(root, store.Root);
    }

    [Fact]
    public async Task Cluster_default_is_s3_configured_from_the_storage_section()
    {
        var server = await TestServers.S3;
        using var provider = Build("s3",
            ("Storage:Endpoint", server.Endpoint),
            ("Storage:AccessKey", server.AccessKey),
            ("Storage:SecretKey", server.SecretKey),
            ("Storage:Bucket", server.DefaultBucket),
            ("Storage:RetryAttempts", "2"),
            ("Storage:RetryBaseDelay", "00:00:00.100"));

        var store = Assert.IsType<S3BlobStore>(Assert.IsType<MeasuredBlobStore>(provider.GetRequiredService<IBlobStore>()).Inner);
        var written = await store.PutAsync(BlobKey.From("di", "a.txt"), "hello"u8.ToArray(), "text/plain");

        Assert.Equal(server.DefaultBucket, store.Bucket);
        Assert.Equal(5, written.Size);
    }

    [Fact]
    public void S3_without_endpoint_or_credentials_fails_validation_with_a_clear_message()
    {
        using var provider = Build("s3");

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IBlobStore>());

        Assert.Contains("Storage__Provider=s3 needs Storage__Endpoint", error.Message);
    }

    [Fact]
    public void Unknown_provider_fails_validation()
    {
        using var provider = Build("local", ("Storage:Provider", "ftp"));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StorageOptions>>().Value);

        Assert.Contains("Storage__Provider must be 'local' or 's3' (got 'ftp')", error.Message);
    }

    [Theory]
    [InlineData("00:00:30")]
    [InlineData("31.00:00:00")]
    public void An_abandoned_write_age_out_of_range_fails_validation(string age)
    {
        using var provider = Build("local", ("Data:Dir", _directory.Path), ("Storage:AbandonedWriteAge", age));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StorageOptions>>().Value);

        Assert.Contains("Storage__AbandonedWriteAge must be between 00:01:00 and 30.00:00:00", error.Message);
    }

    [Fact]
    public void Unused_s3_settings_do_not_stop_a_standalone_process()
    {
        using var provider = Build("local", ("Data:Dir", _directory.Path), ("Storage:Bucket", "Not_Valid"));

        Assert.IsType<LocalFolderBlobStore>(Assert.IsType<MeasuredBlobStore>(provider.GetRequiredService<IBlobStore>()).Inner);
    }

    [Fact]
    public async Task Invalid_settings_stop_the_host_at_start_up()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([new("Storage:Provider", "s3"), new("Storage:Endpoint", "http://minio:9000")]);
        builder.Services.AddBlobStore(builder.Configuration, "local");
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Storage__AccessKey", error.Message);
    }

    [Fact]
    public async Task Registers_a_blob_store_health_check_tagged_ready()
    {
        using var provider = Build("local", ("Data:Dir", _directory.Path));
        var health = provider.GetRequiredService<HealthCheckService>();

        var report = await health.CheckHealthAsync(registration => registration.Tags.Contains("ready"));

        var entry = Assert.Single(report.Entries);
        Assert.Equal("blob_store", entry.Key);
        Assert.Equal(HealthStatus.Healthy, entry.Value.Status);
    }

    [Fact]
    public async Task Health_check_is_unhealthy_when_the_s3_server_is_unreachable()
    {
        using var provider = Build("s3",
            ("Storage:Endpoint", $"http://127.0.0.1:{FreePort.Next()}"),
            ("Storage:AccessKey", "k"),
            ("Storage:SecretKey", "s"),
            ("Storage:HealthCheckTimeout", "00:00:02"));

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        var entry = report.Entries["blob_store"];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("is not usable", entry.Description);
    }

    [Fact]
    public void Adding_twice_keeps_one_registration()
    {
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection();
        services.AddBlobStore(configuration, "local").AddBlobStore(configuration, "local");

        Assert.Single(services, d => d.ServiceType == typeof(IBlobStore));
    }
}
