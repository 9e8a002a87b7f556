using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Hosting;

namespace IngestionCluster.ServiceDefaults.Telemetry;

/// <summary>
/// Records every request ASP.NET Core measures (<c>http.server.request.duration</c> of this host) again
/// under the seeds' names (<see cref="SeedHttpInstruments"/>). ASP.NET Core has already settled the
/// route template, the final status code (500 for an unhandled exception) and a bounded method by then;
/// OpenTelemetry views can rename an instrument but neither its tags nor its kind, hence this listener.
/// </summary>
internal sealed class SeedHttpMetrics : IHostedService, IDisposable
{
    /// <summary>The route label of requests that matched no endpoint.</summary>
    public const string UnmatchedRoute = "unmatched";

    private const string HostingMeterName = "Microsoft.AspNetCore.Hosting";
    private const string RequestDurationName = "http.server.request.duration";

    private readonly MeterListener _listener = new();

    public SeedHttpMetrics(IMeterFactory meterFactory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // Only this host's instrument: other hosts in the process have their own listener.
            if (instrument is { Name: RequestDurationName, Meter.Name: HostingMeterName } && ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>(OnRequestMeasured);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _listener.Dispose();

    private static void OnRequestMeasured(Instrument instrument, double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        string? method = null;
        string? route = null;
        var status = "0";
        foreach (var (key, value) in tags)
        {
            switch (key)
            {
                case "http.request.method":
                    method = value as string;
                    break;
                case "http.route":
                    route = value as string;
                    break;
                case "http.response.status_code":
                    status = Convert.ToString(value, CultureInfo.InvariantCulture) ?? status;
                    break;
            }
        }
        SeedHttpInstruments.Record(method ?? "_OTHER", RouteLabel(route), status, seconds);
    }

    /// <summary>The route template with one leading and no trailing slash: a group's root (<c>/api/v1/images/</c>) is labelled as the seeds named it.</summary>
    private static string RouteLabel(string? route) => route?.Trim('/') switch
    {
        null => UnmatchedRoute,
        "" => route.Length == 0 ? UnmatchedRoute : "/",
        var template => "/" + template,
    };
}
