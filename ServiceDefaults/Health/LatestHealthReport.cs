using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IngestionCluster.ServiceDefaults.Health;

/// <summary>
/// The last report of the periodic health run, which <c>/health</c> answers with at once: a liveness probe
/// must not wait for a dependency check that hangs on a store dropping packets.
/// </summary>
public sealed class LatestHealthReport(TimeProvider clock) : IHealthCheckPublisher
{
    /// <summary>How often every check runs in the background.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    private volatile Snapshot? _latest;

    /// <summary>The last finished run, or null before the first one finished.</summary>
    public Snapshot? Latest => _latest;

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        _latest = new Snapshot(report, clock.GetUtcNow());
        return Task.CompletedTask;
    }

    public sealed record Snapshot(HealthReport Report, DateTimeOffset CheckedAt);
}
