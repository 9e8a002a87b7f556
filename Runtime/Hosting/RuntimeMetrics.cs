using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using IngestionCluster.Runtime.Telemetry;

namespace IngestionCluster.Runtime.Hosting;

/// <summary>The runtime's instruments: activations, grain calls, partitions, mailboxes, rejected messages.</summary>
internal static class RuntimeMetrics
{
    private static readonly ConcurrentDictionary<SiloRuntime, byte> _silos = new();

    private static readonly Counter<long> _activations = IngestionTelemetry.Meter.CreateCounter<long>(
        "ingest_grain_activations", "{activation}", "Grain activations created, by grain type.");

    private static readonly Counter<long> _deactivations = IngestionTelemetry.Meter.CreateCounter<long>(
        "ingest_grain_deactivations", "{activation}", "Grain activations ended, by grain type and reason.");

    private static readonly Counter<long> _calls = IngestionTelemetry.Meter.CreateCounter<long>(
        "ingest_grain_calls", "{call}", "Grain calls run by silos, by grain type, kind (request, one_way) and outcome (ok, error).");

    private static readonly Histogram<double> _turnDuration = IngestionTelemetry.Meter.CreateHistogram(
        "ingest_grain_call_duration", TelemetryUnits.Seconds, "Time a grain call's turn took on its silo.", tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = IngestionTelemetry.DurationBucketsSeconds });

    private static readonly Counter<long> _rejected = IngestionTelemetry.Meter.CreateCounter<long>(
        "ingest_messages_dead_lettered", "{message}", "Messages a silo sent to the dead-letter queue because they can never run, by reason.");

    static RuntimeMetrics()
    {
        IngestionTelemetry.Meter.CreateObservableGauge("ingest_partitions_owned",
            () => _silos.Keys.Select(s => new Measurement<int>(s.ActivePartitions.Count, new KeyValuePair<string, object?>("silo", s.SiloId))),
            "{partition}", "Partitions each silo is the active consumer of.");
        IngestionTelemetry.Meter.CreateObservableGauge("ingest_grain_activations_live",
            () => _silos.Keys.Select(s => new Measurement<int>(s.ActivationCount, new KeyValuePair<string, object?>("silo", s.SiloId))),
            "{activation}", "Live grain activations per silo.");
        IngestionTelemetry.Meter.CreateObservableGauge("ingest_mailbox_depth",
            () => _silos.Keys.Select(s => new Measurement<int>(s.MailboxDepth, new KeyValuePair<string, object?>("silo", s.SiloId))),
            "{message}", "Work items queued in grain mailboxes per silo.");
        IngestionTelemetry.Meter.CreateObservableGauge("ingest_cluster_silos_live",
            () => _silos.Keys.Select(s => new Measurement<int>(s.LiveSilos.Count, new KeyValuePair<string, object?>("silo", s.SiloId))),
            "{silo}", "Live silos as each silo sees the membership.");
    }

    public static void Track(SiloRuntime silo) => _silos[silo] = 0;

    public static void Untrack(SiloRuntime silo) => _silos.TryRemove(silo, out _);

    public static void Activated(string grainType) =>
        _activations.Add(1, new KeyValuePair<string, object?>("grain_type", grainType));

    public static void Deactivated(string grainType, DeactivationReasonCode reason) =>
        _deactivations.Add(1, new KeyValuePair<string, object?>("grain_type", grainType), new KeyValuePair<string, object?>("reason", reason.ToString()));

    /// <param name="grainType">The interface's short name (no namespace).</param>
    public static void CallCompleted(string grainType, bool request, bool ok, TimeSpan duration)
    {
        var type = new KeyValuePair<string, object?>("grain_type", grainType);
        _calls.Add(1, type, new KeyValuePair<string, object?>("kind", request ? "request" : "one_way"), new KeyValuePair<string, object?>("outcome", ok ? "ok" : "error"));
        _turnDuration.Record(duration.TotalSeconds, type);
    }

    public static void Rejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public static string ShortName(string wireName) => wireName[(wireName.LastIndexOf('.') + 1)..];
}
