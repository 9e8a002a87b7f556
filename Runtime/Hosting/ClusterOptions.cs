using Microsoft.Extensions.Options;

namespace IngestionCluster.Runtime.Hosting;

/// <summary>Settings of section <c>Cluster</c>. Every silo and gateway of a cluster must agree on Name and Partitions.</summary>
public sealed class ClusterOptions
{
    public const string SectionName = "Cluster";

    public ClusterMode Mode { get; set; } = ClusterMode.Standalone;

    /// <summary>Prefix of every broker object: partition queues <c>{Name}.pNN</c>, <c>{Name}.dead</c>, exchange <c>{Name}.events</c>.</summary>
    public string Name { get; set; } = "ingest";

    /// <summary>Number of partitions (P). Fixed for the life of a cluster: changing it moves every grain.</summary>
    public int Partitions { get; set; } = 64;

    /// <summary>This silo's identity; default: host name, process id and a random suffix.</summary>
    public string? SiloId { get; set; }

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A silo is considered dead after this many heartbeat intervals without a beat.</summary>
    public int MissedHeartbeatsLimit { get; set; } = 3;

    /// <summary>How long a new silo listens to heartbeats before it claims partitions (default: two heartbeat intervals; zero in standalone mode).</summary>
    public TimeSpan? MembershipSettleDelay { get; set; }

    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An activation with no turn for this long is deactivated.</summary>
    public TimeSpan IdleDeactivationAge { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan CollectionInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deliveries of a message before it is dead-lettered. Failovers count too, so keep it generous.</summary>
    public int DeliveryLimit { get; set; } = 50;

    /// <summary>Unacknowledged messages a silo may hold per partition (deferred acknowledgements count).</summary>
    public int PrefetchPerPartition { get; set; } = 1000;

    /// <summary>How long a partition hand-over waits for its grains to deactivate before closing the channel anyway.</summary>
    public TimeSpan ReleaseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public int ActivationAttempts { get; set; } = 5;

    public TimeSpan MinimumReminderPeriod { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan EffectiveSettleDelay =>
        MembershipSettleDelay ?? (Mode == ClusterMode.Standalone ? TimeSpan.Zero : HeartbeatInterval * 2);

    public void Validate()
    {
        if (Partitions is < 1 or > 1024)
        {
            throw Invalid($"Cluster__Partitions must be between 1 and 1024, got {Partitions}.");
        }
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 64 || !Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw Invalid($"Cluster__Name must be 1-64 characters of [A-Za-z0-9._-], got '{Name}'.");
        }
        if (HeartbeatInterval <= TimeSpan.Zero || MissedHeartbeatsLimit < 1)
        {
            throw Invalid("Cluster__HeartbeatInterval must be positive and Cluster__MissedHeartbeatsLimit at least 1.");
        }
        if (CallTimeout <= TimeSpan.Zero)
        {
            throw Invalid("Cluster__CallTimeout must be positive.");
        }
        if (DeliveryLimit < 1 || PrefetchPerPartition is < 1 or > 65535)
        {
            throw Invalid("Cluster__DeliveryLimit must be at least 1 and Cluster__PrefetchPerPartition between 1 and 65535.");
        }
    }

    public string ResolveSiloId() =>
        string.IsNullOrWhiteSpace(SiloId) ? $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}" : SiloId;

    /// <summary>A settings refusal: the hosts print it as a "Configuration error" line and exit with code 3.</summary>
    private static OptionsValidationException Invalid(string problem) => new(SectionName, typeof(ClusterOptions), [problem]);
}
