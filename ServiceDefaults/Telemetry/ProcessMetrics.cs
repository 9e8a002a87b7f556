using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace IngestionCluster.ServiceDefaults.Telemetry;

/// <summary>
/// Process and .NET runtime gauges and counters an operator expects on every scrape
/// (<c>process_cpu_seconds_total</c>, <c>process_resident_memory_bytes</c>,
/// <c>dotnet_gc_heap_size_bytes</c>, <c>dotnet_threadpool_queue_length</c>, …), observed on
/// <see cref="IngestionTelemetry.Meter"/> only when a reader collects.
/// </summary>
public static class ProcessMetrics
{
    // Instruments live as long as the static meter; registering them twice would publish
    // duplicates, so the first call does the work and later calls are no-ops.
    private static readonly Lazy<IReadOnlyList<Instrument>> _instruments = new(Register);

    private static readonly KeyValuePair<string, object?>[] _generationTags =
        [new("generation", "gen0"), new("generation", "gen1"), new("generation", "gen2")];

    /// <summary>Creates the observable instruments once per process; safe to call any number of times.</summary>
    public static void EnsureRegistered() => _ = _instruments.Value;

    private static IReadOnlyList<Instrument> Register()
    {
        var meter = IngestionTelemetry.Meter;
        var startTime = ReadProcessStartTime();
        return
        [
            meter.CreateObservableCounter("process_cpu", static () => Environment.CpuUsage.TotalTime.TotalSeconds,
                TelemetryUnits.Seconds, "Total user and system CPU time spent by the process."),
            meter.CreateObservableGauge("process_resident_memory", static () => Environment.WorkingSet,
                TelemetryUnits.Bytes, "Resident memory (working set) of the process."),
            meter.CreateObservableGauge("process_virtual_memory", ReadVirtualMemory,
                TelemetryUnits.Bytes, "Virtual memory size of the process."),
            meter.CreateObservableGauge("process_start_time", () => startTime,
                TelemetryUnits.Seconds, "Start time of the process since the Unix epoch."),
            meter.CreateObservableGauge("process_open_fds", ReadOpenFileDescriptors,
                "{file_descriptor}", "Open file descriptors of the process (Linux only)."),
            meter.CreateObservableGauge("dotnet_gc_heap_size", static () => GC.GetTotalMemory(forceFullCollection: false),
                TelemetryUnits.Bytes, "Bytes currently allocated on the managed GC heap."),
            meter.CreateObservableGauge("dotnet_gc_committed_memory", static () => GC.GetGCMemoryInfo().TotalCommittedBytes,
                TelemetryUnits.Bytes, "Memory committed by the GC as of the last collection."),
            meter.CreateObservableCounter("dotnet_gc_allocated", static () => GC.GetTotalAllocatedBytes(precise: false),
                TelemetryUnits.Bytes, "Bytes allocated on the managed heap since the process started."),
            meter.CreateObservableCounter("dotnet_gc_collections", ObserveCollections,
                "{collection}", "Garbage collections since the process started, by generation."),
            meter.CreateObservableCounter("dotnet_gc_pause_time", static () => GC.GetTotalPauseDuration().TotalSeconds,
                TelemetryUnits.Seconds, "Time the GC has paused the process since it started."),
            meter.CreateObservableGauge("dotnet_threadpool_queue_length", static () => ThreadPool.PendingWorkItemCount,
                "{work_item}", "Work items queued to the thread pool and not yet started."),
            meter.CreateObservableGauge("dotnet_threadpool_threads", static () => ThreadPool.ThreadCount,
                "{thread}", "Thread pool threads that currently exist."),
            meter.CreateObservableCounter("dotnet_threadpool_completed_items", static () => ThreadPool.CompletedWorkItemCount,
                "{work_item}", "Work items the thread pool has completed since the process started."),
            meter.CreateObservableCounter("dotnet_monitor_lock_contentions", static () => Monitor.LockContentionCount,
                "{contention}", "Times a thread waited on a contended Monitor lock."),
        ];
    }

    private static IEnumerable<Measurement<long>> ObserveCollections()
    {
        for (var generation = 0; generation < _generationTags.Length; generation++)
        {
            yield return new Measurement<long>(GC.CollectionCount(generation), _generationTags[generation]);
        }
    }

    private static long ReadVirtualMemory()
    {
        using var process = Process.GetCurrentProcess();
        return process.VirtualMemorySize64;
    }

    private static double ReadProcessStartTime()
    {
        using var process = Process.GetCurrentProcess();
        return (process.StartTime.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds;
    }

    private static IEnumerable<Measurement<long>> ReadOpenFileDescriptors()
    {
        if (!OperatingSystem.IsLinux())
        {
            yield break;
        }
        long count;
        try
        {
            count = Directory.EnumerateFileSystemEntries("/proc/self/fd").LongCount();
        }
        catch (IOException)
        {
            yield break;
        }
        catch (UnauthorizedAccessException)
        {
            yield break;
        }
        yield return new Measurement<long>(count);
    }
}
