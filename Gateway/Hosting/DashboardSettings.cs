using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace IngestionCluster.Gateway.Hosting;

/// <summary>
/// Settings of section <c>Dashboard</c>: how often every silo samples the Orleans Dashboard's counters, how many samples
/// its charts keep, and whether the live log stream is offered. Silos and gateways read the same values.
/// </summary>
public sealed class DashboardSettings
{
    public const string SectionName = "Dashboard";

    private static readonly TimeSpan _shortestInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan _longestInterval = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Between two samples of the counters (the dashboard's own default, 1 s, is the shortest it takes). A longer interval
    /// costs a busy silo less, and the charts move more slowly.
    /// </summary>
    public TimeSpan CounterUpdateInterval { get; set; } = _shortestInterval;

    /// <summary>Samples each chart keeps.</summary>
    public int HistoryLength { get; set; } = 100;

    /// <summary>True turns off the live log stream (<c>/dashboard/Trace</c>), which shows every silo's log lines to admins.</summary>
    public bool HideTrace { get; set; }

    public static DashboardSettings Read(IConfiguration configuration)
    {
        var settings = configuration.GetSection(SectionName).Get<DashboardSettings>() ?? new DashboardSettings();
        settings.Validate();
        return settings;
    }

    public void Validate()
    {
        var problems = new List<string>();
        if (CounterUpdateInterval < _shortestInterval || CounterUpdateInterval > _longestInterval || CounterUpdateInterval.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            problems.Add($"Dashboard__CounterUpdateInterval must be whole milliseconds from {_shortestInterval:c} to {_longestInterval:c}, got {CounterUpdateInterval:c}.");
        }
        if (HistoryLength is < 10 or > 10_000)
        {
            problems.Add($"Dashboard__HistoryLength must be between 10 and 10000, got {HistoryLength}.");
        }
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(SectionName, typeof(DashboardSettings), problems);
        }
    }

    /// <summary>Applies these settings to the Orleans Dashboard's own options (milliseconds there).</summary>
    public void ApplyTo(DashboardOptions options)
    {
        options.CounterUpdateIntervalMs = (int)CounterUpdateInterval.TotalMilliseconds;
        options.HistoryLength = HistoryLength;
        options.HideTrace = HideTrace;
    }
}
