namespace IngestionCluster.Bench.Infrastructure;

/// <summary>
/// CPU seconds used so far by this process and everything it started, by role: the product's silos and
/// gateway, the servers (Mosquitto, Redis, PostgreSQL, s3rver), echo silos, and the bench itself.
/// Two samples give where a measured window's CPU went.
/// </summary>
public sealed class CpuByRole
{
    private readonly Dictionary<string, double> _seconds;

    private CpuByRole(Dictionary<string, double> seconds) => _seconds = seconds;

    public static CpuByRole Take()
    {
        var seconds = new Dictionary<string, double>();
        foreach (var process in ProcStat.Tree(ProcStat.ReadAll(), Environment.ProcessId))
        {
            var isBench = process.Pid == Environment.ProcessId;
            var role = isBench ? "bench" : Role(process);
            // A process that ended takes its ticks out of the living tree; once reaped they show in its parent's
            // reaped-children ticks, so a server's CPU keeps counting what its short-lived workers used (PostgreSQL
            // ends a backend when a pooled connection closes). The bench's own reaped children are the servers and
            // silos a run stopped, not work of the bench.
            var ticks = process.OwnTicks + (isBench ? 0 : process.ReapedChildTicks);
            seconds[role] = seconds.GetValueOrDefault(role) + (ticks / ProcStat.ClockTicksPerSecond);
        }
        return new CpuByRole(seconds);
    }

    /// <summary>CPU seconds of each role between <paramref name="start"/> and this sample, as <c>cpu_ROLE</c> entries.</summary>
    public Dictionary<string, double> SecondsSince(CpuByRole start) =>
        _seconds.Select(kv => (Role: kv.Key, Seconds: kv.Value - start._seconds.GetValueOrDefault(kv.Key)))
            .Where(r => r.Seconds > 0)
            .ToDictionary(r => $"cpu_{r.Role}", r => r.Seconds);

    /// <summary>CPU seconds per second of each role between <paramref name="start"/> and this sample, as <c>cpu_ROLE</c> entries.</summary>
    public Dictionary<string, double> PerSecondSince(CpuByRole start, double seconds) =>
        SecondsSince(start).ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value / seconds, 3));

    private static string Role(ProcStat process)
    {
        switch (process.Name)
        {
            case "mosquitto":
                return "mosquitto";
            case "redis-server":
                return "redis";
            case "postgres":
                return "postgres";
            case "node":
                return "s3rver";
            case "dotnet":
                var command = process.CommandLine();
                return command.Contains("Silo.dll", StringComparison.Ordinal) ? "silos"
                    : command.Contains("Gateway.dll", StringComparison.Ordinal) ? "gateway"
                    : command.Contains("grain-silo", StringComparison.Ordinal) ? "echo_silos"
                    : "other";
            default:
                return "other";
        }
    }
}
