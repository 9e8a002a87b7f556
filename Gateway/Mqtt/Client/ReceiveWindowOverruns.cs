using Microsoft.Extensions.Logging;

namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>Where the messages a broker sent beyond the gateway's receive window are counted, and the first of each connection logged.</summary>
internal sealed class ReceiveWindowOverruns(MqttClientStatistics statistics, ILogger logger, string broker)
{
    public void Count(bool first, int windowSize)
    {
        statistics.ReceiveWindowOverrun();
        if (first)
        {
            MqttLog.ReceiveWindowOverrun(logger, broker, windowSize);
        }
    }
}
