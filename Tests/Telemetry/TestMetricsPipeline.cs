using System.Diagnostics.Metrics;
using System.Text;
using IngestionCluster.Gateway.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace IngestionCluster.Tests.Telemetry;

/// <summary>
/// A meter of its own (so that no other test's instruments appear) read by a MeterProvider through the
/// Prometheus scraper, with an empty resource unless the test gives one.
/// </summary>
internal sealed class TestMetricsPipeline : IDisposable
{
    private readonly PrometheusScraper _scraper = new();
    private readonly MeterProvider _provider;

    public TestMetricsPipeline(ResourceBuilder? resource = null)
    {
        Meter = new Meter($"IngestionCluster.Tests.{Guid.NewGuid():N}");
        _provider = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource ?? ResourceBuilder.CreateEmpty())
            .AddMeter(Meter.Name)
            .AddReader(_scraper.Reader)
            .Build();
    }

    public Meter Meter { get; }

    public async Task<string> ScrapeAsync()
    {
        var body = await _scraper.ScrapeAsync(CancellationToken.None);
        Assert.NotNull(body);
        return Encoding.UTF8.GetString(body);
    }

    public void Dispose()
    {
        _provider.Dispose();
        Meter.Dispose();
    }
}
