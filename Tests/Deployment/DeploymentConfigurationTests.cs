using System.Collections;
using System.Reflection;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Gateway.Events;
using IngestionCluster.Gateway.Hosting;
using IngestionCluster.Gateway.Mqtt.Client;
using IngestionCluster.Gateway.Uploads;
using IngestionCluster.Grains.Hosting;
using IngestionCluster.Grains.Imaging;
using IngestionCluster.Grains.Rtsp;
using IngestionCluster.Grains.Work;
using IngestionCluster.Storage.Database;
using IngestionCluster.ServiceDefaults;
using IngestionCluster.ServiceDefaults.Health;
using IngestionCluster.Storage.Redis;
using IngestionCluster.Storage.Hosting;
using IngestionCluster.Storage.Local;
using IngestionCluster.Storage.Resilience;
using IngestionCluster.Storage.S3;
using IngestionCluster.Tests.Fixtures;

namespace IngestionCluster.Tests.Deployment;

/// <summary>What deploy/ says must match what the application reads and exports.</summary>
public sealed class DeploymentConfigurationTests
{
    private static readonly string _deploy = Path.Combine(RepositoryPaths.Root, "deploy");

    /// <summary>Every configuration section the application binds, with the types bound to it.</summary>
    private static readonly Dictionary<string, Type[]> _sections = new(StringComparer.OrdinalIgnoreCase)
    {
        [ClusterSettings.SectionName] = [typeof(ClusterSettings)],
        [RedisOptions.SectionName] = [typeof(RedisOptions)],
        [DatabaseOptions.SectionName] = [typeof(DatabaseOptions)],
        [DataOptions.SectionName] = [typeof(DataOptions)],
        [IngestOptions.SectionName] = [typeof(IngestOptions)],
        [RtspOptions.SectionName] = [typeof(RtspOptions)],
        [BackgroundWorkOptions.SectionName] = [typeof(BackgroundWorkOptions)],
        [StorageOptions.SectionName] = [typeof(StorageOptions), typeof(S3StorageOptions), typeof(LocalStorageOptions), typeof(BlobRetryOptions)],
        [CaptureRequestOptions.SectionName] = [typeof(CaptureRequestOptions)],
        [LdoOptions.SectionName] = [typeof(LdoOptions)],
        [UploadOptions.SectionName] = [typeof(UploadOptions)],
        [EventStreamOptions.SectionName] = [typeof(EventStreamOptions)],
        [AuthOptions.SectionName] = [typeof(AuthOptions)],
        [RateLimitOptions.SectionName] = [typeof(RateLimitOptions)],
        [GatewayCorsOptions.SectionName] = [typeof(GatewayCorsOptions)],
        [MqttOptions.SectionName] = [typeof(MqttOptions)],
    };

    /// <summary>Keys read directly rather than through an options class, and the platform's own prefixes.</summary>
    private static readonly string[] _otherKeys = ["Http__Port"];
    private static readonly string[] _platformPrefixes = ["ASPNETCORE_", "DOTNET_", "OTEL_", "Logging__"];

    [Fact]
    public void Every_environment_variable_given_to_silos_and_gateways_is_a_real_setting()
    {
        var keys = ComposeApplicationSettings().Select(setting => setting.Key).Distinct().ToList();
        Assert.True(keys.Count > 20, $"only {keys.Count} keys found: the parser missed the compose file's environment");

        var unknown = keys.Where(key => !IsKnownSetting(key)).ToList();

        Assert.True(unknown.Count == 0, "Not settings of the application: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Silos_and_gateways_get_only_the_settings_their_process_reads()
    {
        var settings = ComposeApplicationSettings();
        string[] gatewayOnly = ["Auth__", "Cors__", "Mqtt__", "Upload__", "Ldo__", "RateLimit__"];
        string[] siloOnly = ["Db__", "Data__", "Ingest__", "Rtsp__", "Work__"];

        Assert.Equal(3, settings.Select(s => s.Service).Distinct().Count(s => s.StartsWith("silo", StringComparison.Ordinal)));
        Assert.Contains(settings, s => s.Service == "silo1" && s.Key == "Db__Host");
        Assert.Contains(settings, s => s.Service == "gateway1" && s.Key == "Mqtt__BrokerUrl");
        var misplaced = settings.Where(s =>
            (s.Service.StartsWith("silo", StringComparison.Ordinal) && gatewayOnly.Any(p => s.Key.StartsWith(p, StringComparison.Ordinal)))
            || (s.Service.StartsWith("gateway", StringComparison.Ordinal) && siloOnly.Any(p => s.Key.StartsWith(p, StringComparison.Ordinal))))
            .Select(s => $"{s.Service}: {s.Key}").ToList();
        Assert.True(misplaced.Count == 0, "Settings given to a process that never reads them: " + string.Join(", ", misplaced));
    }

    [Fact]
    public void The_setting_check_itself_rejects_a_misspelled_key()
    {
        Assert.False(IsKnownSetting("Cluster__Partitons"));
        Assert.False(IsKnownSetting("Storge__Bucket"));
        Assert.True(IsKnownSetting("Storage__Bucket"));
        Assert.True(IsKnownSetting("Cors__AllowedOrigins__0"));
    }

    [Theory]
    [InlineData("Dockerfile.silo", "Silo.dll")]
    [InlineData("Dockerfile.gateway", "Gateway.dll")]
    public void Images_run_as_a_non_root_user_with_a_health_check(string dockerfile, string dll)
    {
        var text = File.ReadAllText(Path.Combine(_deploy, dockerfile));
        Assert.Contains("USER app", text, StringComparison.Ordinal);
        Assert.Contains($"HEALTHCHECK", text, StringComparison.Ordinal);
        Assert.Contains($"\"{dll}\", \"{HealthcheckCommand.Name}\"", text, StringComparison.Ordinal);
        Assert.Matches(@"FROM --platform=\$BUILDPLATFORM mcr\.microsoft\.com/dotnet/sdk:10\.0 AS build", text);
        // .NET 10 ships its images on Ubuntu 24.04 only: the tag names the distribution whose package names the image installs.
        Assert.Contains("FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("minio", 2)]
    [InlineData("prometheus", 1)]
    [InlineData("grafana", 1)]
    public void Compose_publishes_what_opens_without_the_gateways_authentication_on_this_machine_only(string service, int portCount)
    {
        // MinIO's root credentials open its API and console; Prometheus has no login; Grafana lets anonymous visitors in.
        var ports = ComposeService(service).Single(line => line.TrimStart().StartsWith("ports:", StringComparison.Ordinal));
        var published = System.Text.RegularExpressions.Regex.Matches(ports, "\"([^\"]+)\"").Select(match => match.Groups[1].Value).ToList();
        Assert.Equal(portCount, published.Count);
        Assert.All(published, port => Assert.StartsWith("127.0.0.1:", port, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_long_running_compose_service_restarts_and_the_product_gets_time_to_drain()
    {
        var services = ComposeServiceNames().Where(name => !name.EndsWith("-init", StringComparison.Ordinal)).ToList();
        Assert.Contains("redis", services);
        Assert.All(services, name => Assert.Contains("    restart: unless-stopped", ComposeService(name)));
        foreach (var name in services.Where(IsProductService))
        {
            // The host's shutdown timeout is .NET's default 30 s; Docker's default 10 s would kill a drain part-way.
            var grace = ComposeService(name).Single(line => line.StartsWith("    stop_grace_period:", StringComparison.Ordinal));
            Assert.True(int.Parse(grace.Split(':')[1].Trim().TrimEnd('s'), System.Globalization.CultureInfo.InvariantCulture) > 30, $"{name}: {grace}");
        }
    }

    [Fact]
    public void Every_variable_compose_requires_is_in_the_env_example()
    {
        var compose = File.ReadAllText(Path.Combine(_deploy, "docker-compose.yml"));
        var required = System.Text.RegularExpressions.Regex.Matches(compose, @"\$\{([A-Z_]+):\?").Select(match => match.Groups[1].Value).ToHashSet();
        var example = EnvFile(Path.Combine(_deploy, ".env.example")).ToHashSet();
        Assert.Contains("GRAFANA_ADMIN_PASSWORD", required);
        Assert.Empty(required.Except(example));
    }

    private static string[] ComposeLines() => File.ReadAllLines(Path.Combine(_deploy, "docker-compose.yml"));

    /// <summary>The names of the compose file's services.</summary>
    private static IEnumerable<string> ComposeServiceNames()
    {
        var lines = ComposeLines();
        var services = Array.IndexOf(lines, "services:");
        return lines.Skip(services + 1).TakeWhile(line => line.Length == 0 || line.StartsWith(' ') || line.StartsWith('#'))
            .Where(line => line.Length > 3 && line.StartsWith("  ", StringComparison.Ordinal) && line[2] != ' ' && line[2] != '#' && line.EndsWith(':'))
            .Select(line => line.Trim().TrimEnd(':'));
    }

    /// <summary>The lines of one compose service, below its name.</summary>
    private static List<string> ComposeService(string name)
    {
        var lines = ComposeLines();
        var start = Array.IndexOf(lines, $"  {name}:");
        Assert.True(start >= 0, $"compose has a service {name}");
        return [.. lines.Skip(start + 1).TakeWhile(line => line.StartsWith("    ", StringComparison.Ordinal) || line.Length == 0)];
    }

    [Fact]
    public void The_silo_image_installs_the_ubuntu_package_of_turbojpeg()
    {
        var text = File.ReadAllText(Path.Combine(_deploy, "Dockerfile.silo"));
        Assert.Matches($@"apt-get install [^\n]*\b{TurboJpeg.UbuntuPackage}\b(?!0)", text);
        Assert.DoesNotContain(TurboJpeg.DebianPackage, text, StringComparison.Ordinal);
    }

    private static bool IsKnownSetting(string key)
    {
        if (_otherKeys.Contains(key, StringComparer.OrdinalIgnoreCase) || _platformPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal)))
        {
            return true;
        }
        var parts = key.Split("__");
        if (parts.Length < 2 || !_sections.TryGetValue(parts[0], out var types))
        {
            return false;
        }
        var property = types
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .FirstOrDefault(p => string.Equals(p.Name, parts[1], StringComparison.OrdinalIgnoreCase) && p.CanWrite);
        if (property is null)
        {
            return false;
        }
        // Deeper keys are only meaningful for collections and nested objects (Cors__AllowedOrigins__0).
        return parts.Length == 2 || (property.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(property.PropertyType));
    }

    private static bool IsProductService(string name) =>
        name.StartsWith("silo", StringComparison.Ordinal) || name.StartsWith("gateway", StringComparison.Ordinal);

    /// <summary>Every setting each silo and gateway service gets: its <c>env_file</c> entries and its <c>environment:</c> keys.</summary>
    private static List<(string Service, string Key)> ComposeApplicationSettings()
    {
        var settings = new List<(string Service, string Key)>();
        foreach (var service in ComposeServiceNames().Where(IsProductService))
        {
            var inEnvironment = false;
            foreach (var line in ComposeService(service))
            {
                var indent = line.Length - line.TrimStart().Length;
                var trimmed = line.Trim();
                if (trimmed.Length == 0 || trimmed.StartsWith('#'))
                {
                    continue;
                }
                if (indent == 4)
                {
                    inEnvironment = trimmed == "environment:";
                    if (trimmed.StartsWith("env_file:", StringComparison.Ordinal))
                    {
                        var files = trimmed["env_file:".Length..].Trim().Trim('[', ']').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                        settings.AddRange(files.SelectMany(file => EnvFile(Path.Combine(_deploy, file))).Select(key => (service, key)));
                    }
                }
                else if (inEnvironment && indent == 6)
                {
                    settings.Add((service, trimmed[..trimmed.IndexOf(':')]));
                }
            }
        }
        return settings;
    }

    private static IEnumerable<string> EnvFile(string path) =>
        File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l[..l.IndexOf('=')]);
}
