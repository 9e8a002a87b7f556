using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace IngestionCluster.ServiceDefaults;

/// <summary>
/// Settings of section <c>Cluster</c>: the mode, the Orleans cluster's identity and endpoints, and how fast a
/// dead silo is detected. Every silo and gateway of one cluster must agree on ServiceId and ClusterId.
/// </summary>
public sealed class ClusterSettings
{
    public const string SectionName = "Cluster";

    public ClusterMode Mode { get; set; } = ClusterMode.Standalone;

    /// <summary>Orleans' cluster id: silos and gateways with the same one form a cluster.</summary>
    public string ClusterId { get; set; } = "ingest";

    /// <summary>Orleans' service id: stays the same across deployments; grain state and reminders are stored under it.</summary>
    public string ServiceId { get; set; } = "ingestion-cluster";

    /// <summary>This silo's name in logs and dashboards; default: host name and process id.</summary>
    public string? SiloName { get; set; }

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port gateways (Orleans clients) connect to; 0 turns the silo's gateway endpoint off.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and gateways reach this silo at; default: the host's first address.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>How long a membership probe may take before it counts as missed (Orleans' default is 5 s).</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Missed probes before a silo suspects another (Orleans' default is 3).</summary>
    public int MissedProbesLimit { get; set; } = 2;

    /// <summary>Suspicions needed to declare a silo dead (capped by the number of live silos; Orleans' default is 2).</summary>
    public int VotesForDeath { get; set; } = 2;

    /// <summary>
    /// How long a grain call waits for its answer before failing with a timeout. Orleans' default is 30 s;
    /// every call of this product is short, and a call forwarded to a silo that then crashed waits this
    /// long, so a gateway's callers get their 504 (and retry) sooner.
    /// </summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often gateways refresh their list of silos from membership (Orleans' default is 1 min).</summary>
    public TimeSpan GatewayListRefreshPeriod { get; set; } = TimeSpan.FromSeconds(5);

    public static ClusterSettings Read(IConfiguration configuration)
    {
        var settings = configuration.GetSection(SectionName).Get<ClusterSettings>() ?? new ClusterSettings();
        settings.Validate();
        return settings;
    }

    public string ResolveSiloName() =>
        string.IsNullOrWhiteSpace(SiloName) ? $"{Environment.MachineName}-{Environment.ProcessId}" : SiloName;

    public void Validate()
    {
        var problems = new List<string>();
        if (!IsName(ClusterId))
        {
            problems.Add($"Cluster__ClusterId must be 1-64 characters of [A-Za-z0-9._-], got '{ClusterId}'.");
        }
        if (!IsName(ServiceId))
        {
            problems.Add($"Cluster__ServiceId must be 1-64 characters of [A-Za-z0-9._-], got '{ServiceId}'.");
        }
        if (SiloName is { Length: > 0 } name && !IsName(name))
        {
            problems.Add($"Cluster__SiloName must be 1-64 characters of [A-Za-z0-9._-], got '{name}'.");
        }
        if (SiloPort is < 1 or > 65535)
        {
            problems.Add($"Cluster__SiloPort must be between 1 and 65535, got {SiloPort}.");
        }
        if (GatewayPort is < 0 or > 65535 || GatewayPort == SiloPort)
        {
            problems.Add($"Cluster__GatewayPort must be between 0 (off) and 65535 and differ from the silo port, got {GatewayPort}.");
        }
        if (AdvertisedAddress is { Length: > 0 } address && !IPAddress.TryParse(address, out _))
        {
            problems.Add($"Cluster__AdvertisedAddress must be an IP address, got '{address}'.");
        }
        if (ProbeTimeout <= TimeSpan.Zero || MissedProbesLimit < 1 || VotesForDeath < 1)
        {
            problems.Add("Cluster__ProbeTimeout must be positive, Cluster__MissedProbesLimit and Cluster__VotesForDeath at least 1.");
        }
        if (ResponseTimeout <= TimeSpan.Zero || GatewayListRefreshPeriod <= TimeSpan.Zero)
        {
            problems.Add("Cluster__ResponseTimeout and Cluster__GatewayListRefreshPeriod must be positive.");
        }
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(SectionName, typeof(ClusterSettings), problems);
        }
    }

    private static bool IsName(string? value) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
