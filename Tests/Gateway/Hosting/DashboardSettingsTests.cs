using System.Net;
using IngestionCluster.Gateway.Hosting;
using IngestionCluster.Tests.Processes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace IngestionCluster.Tests.Gateway.Hosting;

public sealed class DashboardSettingsTests
{
    [Fact]
    public void Unset_the_dashboard_keeps_its_own_defaults()
    {
        var options = new DashboardOptions();
        DashboardSettings.Read(new ConfigurationBuilder().Build()).ApplyTo(options);

        Assert.Equal(new DashboardOptions().CounterUpdateIntervalMs, options.CounterUpdateIntervalMs);
        Assert.Equal(new DashboardOptions().HistoryLength, options.HistoryLength);
        Assert.False(options.HideTrace);
    }

    [Fact]
    public void Settings_reach_the_dashboard_s_options()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dashboard:CounterUpdateInterval"] = "00:00:05",
            ["Dashboard:HistoryLength"] = "360",
            ["Dashboard:HideTrace"] = "true",
        }).Build();
        var options = new DashboardOptions();

        DashboardSettings.Read(configuration).ApplyTo(options);

        Assert.Equal(5000, options.CounterUpdateIntervalMs);
        Assert.Equal(360, options.HistoryLength);
        Assert.True(options.HideTrace);
    }

    [Theory]
    [InlineData("00:00:00.999", "Dashboard__CounterUpdateInterval")]
    [InlineData("00:10:01", "Dashboard__CounterUpdateInterval")]
    [InlineData("00:00:01.0005", "Dashboard__CounterUpdateInterval")]
    public void An_interval_the_dashboard_cannot_keep_is_refused(string interval, string named)
    {
        var error = Assert.Throws<OptionsValidationException>(() => new DashboardSettings { CounterUpdateInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture) }.Validate());

        Assert.StartsWith(named, Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(9)]
    [InlineData(10_001)]
    public void A_history_length_out_of_range_is_refused(int length) =>
        Assert.Throws<OptionsValidationException>(() => new DashboardSettings { HistoryLength = length }.Validate());

    [Fact]
    public async Task A_silo_started_with_dashboard_settings_serves_the_counters_and_refuses_the_hidden_log_stream()
    {
        await using var silo = await ProductProcess.StartSiloAsync("dashboard-settings", new Dictionary<string, string>
        {
            ["Auth__Enabled"] = "false",
            ["Dashboard__CounterUpdateInterval"] = "00:00:02",
            ["Dashboard__HideTrace"] = "true",
        });
        using var http = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        var trace = await http.GetAsync("dashboard/Trace");
        Assert.Equal(HttpStatusCode.Forbidden, trace.StatusCode);
        Assert.Contains("disabled", await trace.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Eventually.TrueAsync(async () => (await http.GetAsync("dashboard/DashboardCounters")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60), "the dashboard's counters are served");
    }
}
