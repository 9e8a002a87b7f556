using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace IngestionCluster.ServiceDefaults.Telemetry;

/// <summary>
/// Times the operations of one dependency (database, blob store) in a histogram labelled by operation and
/// outcome (<c>ok</c>, <c>error</c>, <c>cancelled</c>), and counts its failures by operation.
/// </summary>
public sealed class OperationMeter
{
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _errors;

    /// <param name="prefix">Instrument names become <c>{prefix}_operation_duration</c> and <c>{prefix}_operation_errors</c>.</param>
    public OperationMeter(string prefix, string durationDescription, string errorsDescription)
    {
        _duration = IngestionTelemetry.Meter.CreateHistogram($"{prefix}_operation_duration", TelemetryUnits.Seconds, durationDescription, tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = IngestionTelemetry.DurationBucketsSeconds });
        _errors = IngestionTelemetry.Meter.CreateCounter<long>($"{prefix}_operation_errors", "{error}", errorsDescription);
    }

    public async Task<T> MeasureAsync<T>(string operation, Func<Task<T>> work)
    {
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
        catch (Exception)
        {
            outcome = "error";
            _errors.Add(1, new KeyValuePair<string, object?>("operation", operation));
            throw;
        }
        finally
        {
            _duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("outcome", outcome));
        }
    }
}
