using System.Diagnostics.Metrics;
using IngestionCluster.ServiceDefaults.Telemetry;

namespace IngestionCluster.Gateway.Events;

/// <summary>Event stream instruments (SSE and WebSocket): streams open on this gateway, events lost by clients that fell behind.</summary>
internal static class EventStreamMetrics
{
    private static readonly UpDownCounter<long> _open = IngestionTelemetry.Meter.CreateUpDownCounter<long>(
        "ingest_event_streams_open", "{stream}", "Event streams (Server-Sent Events or WebSocket) open on this gateway.");

    private static readonly Counter<long> _dropped = IngestionTelemetry.Meter.CreateCounter<long>(
        "ingest_event_stream_events_dropped", "{event}", "Camera events a stream's client lost because it fell further behind than Events__ClientBufferSize (the oldest go first).");

    public static void Opened() => _open.Add(1);

    public static void Closed() => _open.Add(-1);

    public static void Dropped() => _dropped.Add(1);
}
