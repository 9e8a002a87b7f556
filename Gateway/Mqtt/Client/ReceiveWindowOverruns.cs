using Microsoft.Extensions.Logging;

namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>The messages a broker sent beyond one connection's receive window: each counted, the first logged.</summary>
internal sealed class ReceiveWindowOverruns(MqttClientStatistics statistics, ILogger logger, string broker, int windowSize)
{
    private bool _logged;

    public void Count()
    {
        statistics.ReceiveWindowOverrun();
        if (!_logged)
        {
            _logged = true;
            MqttLog.ReceiveWindowOverrun(logger, broker, windowSize);
        }
    }
}
