using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace IngestionCluster.ServiceDefaults.Telemetry;

/// <summary>
/// Times the operations of one dependency (database, blob store) in a histogram labelled by operation and
/// outcome (<c>ok</c>, <c>error</c>, <c>cancelled</c>), counts its failures by operation, and runs each
/// operation in a client span (<c>blob put</c>, <c>db execute</c>), so that a trace reaches the store
/// whichever driver sits underneath.
/// </summary>
public sealed class OperationMeter
{
    private readonly string _dependency;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _errors;

    /// <param name="dependency">
    /// Short name of the dependency: instrument names become <c>ingest_{dependency}_operation_duration</c> and
    /// <c>ingest_{dependency}_operation_errors</c>, spans <c>{dependency} {operation}</c>.
    /// </param>
    public OperationMeter(string dependency, string durationDescription, string errorsDescription)
    {
        _dependency = dependency;
        _duration = IngestionTelemetry.Meter.CreateHistogram($"ingest_{dependency}_operation_duration", TelemetryUnits.Seconds, durationDescription, tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = IngestionTelemetry.DurationBucketsSeconds });
        _errors = IngestionTelemetry.Meter.CreateCounter<long>($"ingest_{dependency}_operation_errors", "{error}", errorsDescription);
    }

    public async Task<T> MeasureAsync<T>(string operation, Func<Task<T>> work)
    {
        using var activity = IngestionTelemetry.ActivitySource.StartActivity($"{_dependency} {operation}", ActivityKind.Client);
        var started = Stopwatch.GetTimestamp();
        var outcome = "ok";
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            outcome = "cancelled";
            throw;
        }
        catch (Exception exception)
        {
            outcome = "error";
            _errors.Add(1, new KeyValuePair<string, object?>("operation", operation));
            activity?.AddException(exception);
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            throw;
        }
        finally
        {
            _duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("outcome", outcome));
        }
    }
}
