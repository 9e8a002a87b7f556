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

    /// <summary>How long one run may take, beyond the slowest check's own limit.</summary>
    public static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(45);

    private Snapshot? _latest;

    /// <summary>The latest run that finished, or null before the first one finished.</summary>
    public Snapshot? Latest => Volatile.Read(ref _latest);

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        // Runs overlap while a check hangs: a slow older run finishing last must not replace a newer one.
        var next = new Snapshot(report, clock.GetUtcNow() - report.TotalDuration);
        Snapshot? current;
        do
        {
            current = Volatile.Read(ref _latest);
            if (current is not null && current.CheckedAt >= next.CheckedAt)
            {
                break;
            }
        }
        while (Interlocked.CompareExchange(ref _latest, next, current) != current);
        return Task.CompletedTask;
    }

    /// <param name="CheckedAt">When the run started.</param>
    public sealed record Snapshot(HealthReport Report, DateTimeOffset CheckedAt);
}
