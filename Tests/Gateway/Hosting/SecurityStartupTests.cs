using System.Diagnostics;
using System.Net;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Processes;
using IngestionCluster.Gateway.Hosting;
using IngestionCluster.ServiceDefaults.Hosting;
using IngestionCluster.Storage.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Tests.Gateway.Hosting;

public sealed class SecurityStartupTests
{
    public static TheoryData<string, string, string> ProductionRefusals => new()
    {
        { "Auth:JwtSecret", AuthOptions.DevelopmentSecret, "Auth__JwtSecret is the built-in development secret" },
        { "Auth:Enabled", "false", "Auth__Enabled=false is not allowed in Production" },
        { "Cors:AllowedOrigins:0", "*", "Cors__AllowedOrigins contains '*'" },
        { "Storage:AccessKey", "minioadmin", "default credentials of MinIO" },
        { "Storage:SecretKey", "S3RVER", "default credentials of s3rver" },
    };

    [Theory]
    [MemberData(nameof(ProductionRefusals))]
    public async Task Production_refuses_to_start_with_an_insecure_setting(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?>
        {
            [key] = value,
            // A syntactically valid S3 store, so that only the setting under test is wrong.
            ["Storage:Provider"] = "s3",
            ["Storage:Endpoint"] = "http://127.0.0.1:1",
            ["Storage:AccessKey"] = key == "Storage:AccessKey" ? value : "production-access-key",
            ["Storage:SecretKey"] = key == "Storage:SecretKey" ? value : "production-secret-key",
        };

        var error = await StartFailureAsync(settings, "Production");

        var failures = Problems(error);
        Assert.Single(failures);
        Assert.Contains(message, failures[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_lists_every_insecure_setting_at_once()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth:JwtSecret"] = AuthOptions.DevelopmentSecret,
            ["Auth:Enabled"] = "false",
            ["Cors:AllowedOrigins:0"] = "*",
        };
        var failures = Problems(await StartFailureAsync(settings, "Production"));
        Assert.Contains(failures, f => f.Contains("Auth__JwtSecret", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Auth__Enabled", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Cors__AllowedOrigins", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Staging_refuses_disabled_auth_too()
    {
        var error = await StartFailureAsync(new Dictionary<string, string?> { ["Auth:Enabled"] = "false" }, "Staging");
        Assert.Contains(Problems(error), f => f.Contains("only allowed in the Development environment", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Auth:JwtSecret", "short", "at least 32 bytes")]
    [InlineData("Upload:MaxBatchSize", "0", "Upload__MaxBatchSize")]
    [InlineData("RateLimit:PermitLimit", "0", "RateLimit__PermitLimit")]
    [InlineData("Cors:AllowedOrigins:0", "not-an-origin", "Cors__AllowedOrigins")]
    [InlineData("CaptureRequest:MaxFps", "-1", "CaptureRequest__MaxFps")]
    // Beyond what a capture can do: every such request would fail after its 202.
    [InlineData("CaptureRequest:MaxFps", "100", "CaptureRequest__MaxFps")]
    [InlineData("CaptureRequest:MaxFrames", "1000", "CaptureRequest__MaxFrames")]
    public async Task Invalid_settings_stop_the_start_in_any_environment(string key, string value, string message)
    {
        var error = await StartFailureAsync(new Dictionary<string, string?> { [key] = value }, "Development");
        Assert.Contains(Problems(error), f => f.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Development_may_disable_auth_with_a_warning_and_every_caller_is_admin()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await StandaloneGateway.StartAsync(new Dictionary<string, string?> { ["Auth:Enabled"] = "false" }, logs: logs);

        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("Authentication is DISABLED", StringComparison.Ordinal));
        await ApiAssert.StatusAsync(await host.Anonymous().GetAsync("/api/cameras"), HttpStatusCode.OK);
        var created = await host.Anonymous().PostAsync("/api/cameras", new StringContent("""{"id":"open-cam","source_type":"http_push"}""", System.Text.Encoding.UTF8, "application/json"));
        await ApiAssert.StatusAsync(created, HttpStatusCode.Created);
    }

    [Fact]
    public async Task Silo_process_in_production_prints_one_line_per_problem_and_exits()
    {
        var (exitCode, errors) = await RefusedSiloRun.RunAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Cors__AllowedOrigins__0"] = "*",
        });

        Assert.Equal(StartupFailure.SettingsExitCode, exitCode);
        Assert.Contains("Configuration error: Auth__JwtSecret is the built-in development secret", errors, StringComparison.Ordinal);
        Assert.Contains("Configuration error: Cors__AllowedOrigins contains '*'", errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Cluster__SiloPort", "0", "Configuration error: Cluster__SiloPort must be between 1 and 65535")]
    [InlineData("Cluster__ProbeTimeout", "soon", "Configuration error: Failed to convert configuration value 'soon' at 'Cluster:ProbeTimeout'")]
    [InlineData("Cluster__Mode", "cluster", "Configuration error: Redis__Configuration is required in cluster mode")]
    [InlineData("Http__Port", "70000", "Configuration error: Http__Port must be between 0 and 65535")]
    [InlineData("Ingest__SessionStaleTimeout", "-00:00:01", "Configuration error: Ingest__SessionStaleTimeout must be positive")]
    [InlineData("Ingest__MaxChunksPerImage", "2000000", "Configuration error: Ingest__MaxChunksPerImage must be between 1 and 1000000")]
    [InlineData("Ingest__SessionStateRetention", "00:01:00", "Configuration error: Ingest__SessionStateRetention must be 00:00:00 (keep every row) or at least twice Ingest__SessionStaleTimeout")]
    [InlineData("Ingest__MotionEventCooldown", "02:00:00", "Configuration error: Ingest__MotionEventCooldown must be between 00:00:00 and 01:00:00")]
    [InlineData("Work__PollInterval", "00:00:00", "Configuration error: Work__PollInterval must be between")]
    [InlineData("Dashboard__CounterUpdateInterval", "00:00:00.500", "Configuration error: Dashboard__CounterUpdateInterval must be whole milliseconds from 00:00:01 to 00:10:00, got 00:00:00.5000000")]
    [InlineData("Dashboard__HistoryLength", "5", "Configuration error: Dashboard__HistoryLength must be between 10 and 10000, got 5")]
    public async Task Silo_process_refuses_invalid_runtime_and_grain_settings_at_start(string key, string value, string expected)
    {
        var (exitCode, errors) = await RefusedSiloRun.RunAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            [key] = value,
        });

        Assert.Equal(StartupFailure.SettingsExitCode, exitCode);
        Assert.Contains(expected, errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", errors, StringComparison.Ordinal);
    }

    [Theory]
    // "Max Pool Size" is ADO.NET's SqlClient spelling; Npgsql 10 knows "Maximum Pool Size" and "MaxPoolSize" only.
    [InlineData("Max Pool Size=5", "Configuration error: Db__ConnectionString is not a PostgreSQL connection string Npgsql accepts: Couldn't set max pool size")]
    [InlineData("Maximum Pool Size=1", "Configuration error: Maximum Pool Size in Db__ConnectionString must be at least 2")]
    public async Task Silo_process_refuses_a_database_connection_string_it_cannot_use_without_showing_it(string poolSize, string expected)
    {
        var (exitCode, errors) = await RefusedSiloRun.RunAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Db__Provider"] = "postgres",
            ["Db__ConnectionString"] = $"Host=127.0.0.1;Port=1;Username=ingest;Password=hunter2;{poolSize}",
        });

        Assert.Equal(StartupFailure.SettingsExitCode, exitCode);
        Assert.Contains(expected, errors, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cluster_silo_in_production_refuses_default_s3_credentials()
    {
        var (exitCode, errors) = await RefusedSiloRun.RunAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Cluster__Mode"] = "cluster",
            ["Redis__Configuration"] = "127.0.0.1:1",
            ["Storage__Endpoint"] = "http://127.0.0.1:1",
            ["Storage__AccessKey"] = "minioadmin",
            ["Storage__SecretKey"] = "minioadmin",
        });

        Assert.Equal(StartupFailure.SettingsExitCode, exitCode);
        Assert.Contains("default credentials of MinIO", errors, StringComparison.Ordinal);
    }

    private static IReadOnlyList<string> Problems(Exception error)
    {
        var problems = StartupFailure.SettingsProblems(error);
        Assert.True(problems is not null, $"not a settings refusal: {error}");
        return problems;
    }

    /// <summary>
    /// Starts a gateway app (the services the Gateway process and the standalone Silo share) with
    /// <paramref name="settings"/> and returns why it refused to start.
    /// </summary>
    private static async Task<Exception> StartFailureAsync(IReadOnlyDictionary<string, string?> settings, string environment)
    {
        var all = GatewaySettings.Defaults();
        all.Remove("Auth:JwtSecret");
        using var data = new TempDirectory("gateway-refused");
        all["Data:Dir"] = data.Path;
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }
        all.TryAdd("Auth:JwtSecret", TestAuth.Secret);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(all);
        builder.Services.AddBlobStore(builder.Configuration, StorageOptions.LocalProvider);
        builder.AddGatewayServices();
        await using var app = builder.Build();
        app.MapGatewayEndpoints();
        var error = await Record.ExceptionAsync(() => app.StartAsync());
        Assert.NotNull(error);
        return error;
    }
}
