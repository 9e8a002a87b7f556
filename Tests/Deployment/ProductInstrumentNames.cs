using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Text;
using IngestionCluster.ServiceDefaults.Telemetry;
using IngestionCluster.Tests.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace IngestionCluster.Tests.Deployment;

/// <summary>
/// The Prometheus family names of every instrument on the product's meter, as the real OpenTelemetry
/// Prometheus exporter writes them: a host exports a twin of each instrument (same name, unit and kind,
/// on a meter of its own, so no real series is touched) with one measurement, and is scraped.
/// </summary>
internal static class ProductInstrumentNames
{
    /// <summary>The types whose static constructors create the product's instruments.</summary>
    private static readonly Type[] _instrumentHolders =
    [
        typeof(IngestionCluster.Grains.Telemetry.IngestMetrics),
        typeof(IngestionCluster.Grains.Rtsp.RtspMetrics),
        typeof(IngestionCluster.Gateway.Mqtt.Bridge.MqttBridgeMetrics),
        typeof(IngestionCluster.Gateway.Mqtt.Group.MqttGroupMetrics),
        typeof(IngestionCluster.Storage.Hosting.AbandonedWritesSweeper),
        typeof(IngestionCluster.Gateway.Streaming.AttemptLeftovers),
        typeof(IngestionCluster.Gateway.Hosting.StoppingSiloRetryFilter),
        typeof(IngestionCluster.Gateway.Events.EventStreamMetrics),
        typeof(SeedHttpInstruments),
        typeof(IngestionCluster.Storage.Telemetry.MeasuredBlobStore),
        typeof(IngestionCluster.Storage.Database.IngestDatabase),
    ];

    public static async Task<IReadOnlySet<string>> ExportedAsync()
    {
        using var twins = new Meter($"IngestionCluster.Tests.Twins.{Guid.NewGuid():N}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(twins.Name)
            .AddPrometheusExporter(options => options.ScopeInfoEnabled = false));
        await using var app = builder.Build();
        app.MapPrometheusScrapingEndpoint(TelemetryHostingExtensions.MetricsPath);
        await app.StartAsync();
        // After the start: measurements made before the meter provider listens are lost.
        foreach (var instrument in ProductInstruments())
        {
            Twin(twins, instrument);
        }
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        var text = Encoding.UTF8.GetString(await http.GetByteArrayAsync(TelemetryHostingExtensions.MetricsPath));
        await app.StopAsync();
        return Exposition.Parse(text).Families.Keys.Where(family => family != "target_info").ToHashSet(StringComparer.Ordinal);
    }

    private static List<Instrument> ProductInstruments()
    {
        foreach (var holder in _instrumentHolders)
        {
            RuntimeHelpers.RunClassConstructor(holder.TypeHandle);
        }
        var instruments = new Dictionary<string, Instrument>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == IngestionTelemetry.MeterName)
                {
                    instruments.TryAdd(instrument.Name, instrument);
                }
            },
        };
        listener.Start();
        return [.. instruments.Values];
    }

    private static void Twin(Meter meter, Instrument instrument)
    {
        var (name, unit, description) = (instrument.Name, instrument.Unit, instrument.Description);
        var kind = instrument.GetType().GetGenericTypeDefinition();
        if (kind == typeof(Counter<>))
        {
            meter.CreateCounter<long>(name, unit, description).Add(1);
        }
        else if (kind == typeof(UpDownCounter<>))
        {
            meter.CreateUpDownCounter<long>(name, unit, description).Add(1);
        }
        else if (kind == typeof(Histogram<>))
        {
            meter.CreateHistogram<double>(name, unit, description).Record(1);
        }
        else if (kind == typeof(Gauge<>))
        {
            meter.CreateGauge<long>(name, unit, description).Record(1);
        }
        else if (kind == typeof(ObservableCounter<>))
        {
            meter.CreateObservableCounter(name, static () => 1L, unit, description);
        }
        else if (kind == typeof(ObservableUpDownCounter<>))
        {
            meter.CreateObservableUpDownCounter(name, static () => 1L, unit, description);
        }
        else if (kind == typeof(ObservableGauge<>))
        {
            meter.CreateObservableGauge(name, static () => 1L, unit, description);
        }
        else
        {
            throw new NotSupportedException($"no twin for the instrument kind {kind.Name} of {name}");
        }
    }
}
