using System.Diagnostics.Metrics;
using IngestionCluster.Gateway.Mqtt.Client;
using IngestionCluster.ServiceDefaults.Telemetry;

namespace IngestionCluster.Gateway.Mqtt.Bridge;

/// <summary>Bridge instruments: connection state, chunks received / accepted / rejected by reason / in flight, failed hand-offs, reconnects.</summary>
internal static class MqttBridgeMetrics
{
    private static readonly Counter<long> _received = IngestionTelemetry.Meter.CreateCounter<long>(
        "ingest_mqtt_chunks_received", "{message}", "Messages the MQTT bridge received.");

    private static readonly Counter<long> _accepted = IngestionTelemetry.Meter.CreateCounter<long>(
        "ingest_mqtt_chunks_accepted", "{message}", "Chunks the bridge handed durably to their camera grain.");

    private static readonly Counter<long> _rejected = IngestionTelemetry.Meter.CreateCounter<long>(
        "ingest_mqtt_chunks_rejected", "{message}", "Messages the bridge refused (and acknowledged), by reason.");

    private static readonly Counter<long> _handOffFailures = IngestionTelemetry.Meter.CreateCounter<long>(
        "ingest_mqtt_handoff_failures", "{attempt}", "Failed attempts to hand a chunk to the cluster, by cause (the store that is down, cluster, timeout, not_taken, other); each is retried and not acknowledged.");

    private static readonly List<MqttBridge> _bridges = [];

    static MqttBridgeMetrics()
    {
        IngestionTelemetry.Meter.CreateObservableGauge("ingest_mqtt_connected",
            () => Snapshot().Select(b => new Measurement<int>(b.State == MqttConnectionState.Connected ? 1 : 0, new KeyValuePair<string, object?>("client_id", b.ClientId))),
            unit: null, "1 while the MQTT bridge is connected to its broker, 0 otherwise (also while it stands by).");
        IngestionTelemetry.Meter.CreateObservableGauge("ingest_mqtt_standby",
            () => Snapshot().Select(b => new Measurement<int>(b.State == MqttConnectionState.Standby ? 1 : 0, new KeyValuePair<string, object?>("client_id", b.ClientId))),
            unit: null, "1 while the MQTT bridge stands by in leader mode (another gateway holds the subscription), 0 otherwise.");
        IngestionTelemetry.Meter.CreateObservableCounter("ingest_mqtt_reconnects",
            () => Snapshot().Select(b => new Measurement<long>(b.Statistics.Snapshot().Reconnects, new KeyValuePair<string, object?>("client_id", b.ClientId))),
            "{reconnect}", "Reconnections of the MQTT bridge to its broker.");
        IngestionTelemetry.Meter.CreateObservableCounter("ingest_mqtt_receive_window_overruns",
            () => Snapshot().Select(b => new Measurement<long>(b.Statistics.Snapshot().ReceiveWindowOverruns, new KeyValuePair<string, object?>("client_id", b.ClientId))),
            "{message}", "Messages the broker sent beyond the Receive Maximum the bridge announced; each waited at the connection until an acknowledgement made room.");
        IngestionTelemetry.Meter.CreateObservableGauge("ingest_mqtt_chunks_in_flight",
            () => Snapshot().Select(b => new Measurement<int>(b.InFlight, new KeyValuePair<string, object?>("client_id", b.ClientId))),
            "{message}", "Messages the MQTT bridge received and has not acknowledged yet.");
    }

    public static void Track(MqttBridge bridge)
    {
        lock (_bridges)
        {
            _bridges.Add(bridge);
        }
    }

    public static void Untrack(MqttBridge bridge)
    {
        lock (_bridges)
        {
            _bridges.Remove(bridge);
        }
    }

    public static void Received() => _received.Add(1);

    public static void Accepted() => _accepted.Add(1);

    /// <summary>One failed attempt to hand over <paramref name="messages"/> messages together.</summary>
    public static void HandOffFailed(string cause, int messages) => _handOffFailures.Add(messages, new KeyValuePair<string, object?>("cause", cause));

    public static void Rejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    private static MqttBridge[] Snapshot()
    {
        lock (_bridges)
        {
            return [.. _bridges];
        }
    }
}
