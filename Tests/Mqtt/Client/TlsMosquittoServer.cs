using IngestionCluster.ServiceDefaults.Processes;
using IngestionCluster.Tests.Fixtures;

namespace IngestionCluster.Tests.Mqtt.Client;

/// <summary>
/// A private Mosquitto with only a TLS listener on 127.0.0.1, its certificate issued by a throw-away
/// CA (<see cref="CaFile"/>). Built on the shared <see cref="ServerProcess"/> guard; anonymous access.
/// </summary>
internal sealed class TlsMosquittoServer : ServerProcess
{
    public TlsMosquittoServer() : base("mosquitto-tls")
    {
        Port = FreePort.Next();
    }

    public int Port { get; }

    public string BrokerUrl => $"mqtts://{Host}:{Port}";

    public string CaFile => Directory.Combine("ca.pem");

    public string UnrelatedCaFile => Directory.Combine("unrelated-ca.pem");

    private string ConfigFile => Directory.Combine("mosquitto.conf");

    protected override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        var certificate = Directory.Combine("broker.pem");
        var key = Directory.Combine("broker.key");
        if (!File.Exists(certificate))
        {
            TestCertificateAuthority.WriteBrokerCertificate(CaFile, certificate, key);
            TestCertificateAuthority.WriteUnrelatedCa(UnrelatedCaFile);
        }
        var lines = new List<string>
        {
            $"listener {Port} {Host}",
            $"certfile {certificate}",
            $"keyfile {key}",
            "allow_anonymous true",
            "log_dest stdout",
        };
        if (Environment.UserName == "root")
        {
            lines.Add("user root");
        }
        await File.WriteAllLinesAsync(ConfigFile, lines, cancellationToken);
    }

    protected override GuardedProcessStartInfo CreateStartInfo() =>
        new(RequiredBinary.Find("mosquitto", "mosquitto", "/usr/sbin"), ["-c", ConfigFile]) { StopGracePeriod = TimeSpan.FromSeconds(5) };

    protected override Task<bool> IsReadyAsync(CancellationToken cancellationToken) => TcpPortOpenAsync(Host, Port, cancellationToken);
}
