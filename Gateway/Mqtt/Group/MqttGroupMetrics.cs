using System.Diagnostics.Metrics;
using IngestionCluster.ServiceDefaults.Telemetry;

namespace IngestionCluster.Gateway.Mqtt.Group;

/// <summary>Adoptions of dead peer gateways' broker sessions, by outcome.</summary>
internal static class MqttGroupMetrics
{
    public const string Ended = "ended";
    public const string HandedBack = "handed_back";
    public const string Failed = "failed";

    private static readonly Counter<long> _adoptions = IngestionTelemetry.Meter.CreateCounter<long>(
        "ingest_mqtt_peer_sessions_adopted", "{session}",
        "Broker sessions of gateways without a heartbeat that this gateway adopted, by outcome (ended: drained and ended; handed_back: kept for the peer or a later adoption; failed).");

    public static void Adopted(string outcome) => _adoptions.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
