using System.Globalization;
using System.Text.RegularExpressions;
using IngestionCluster.ServiceDefaults.Processes;

namespace IngestionCluster.Tests.Fixtures;

/// <summary>
/// A private Mosquitto 2.0 broker with a password file and on-disk persistence, so that a restart on
/// the same port keeps persistent sessions and their queued QoS 1 messages.
/// </summary>
public sealed class MosquittoServer : ServerProcess
{
    private const string Package = "mosquitto";

    public MosquittoServer() : base("mosquitto")
    {
        Port = FreePort.Next();
    }

    public int Port { get; }

    public string User => "ingest";

    public string Password { get; } = "pw-" + Guid.NewGuid().ToString("N")[..12];

    public string BrokerUrl => $"mqtt://{Host}:{Port}";

    /// <summary>The broker's version, read from its help text before it starts.</summary>
    public Version BrokerVersion { get; private set; } = new();

    /// <summary>
    /// Whether the broker sends a client more unacknowledged messages than its Receive Maximum once a backlog
    /// builds: Mosquitto before 2.0.13 (eclipse-mosquitto #2306), as Debian 12 ships it.
    /// </summary>
    public bool OverrunsReceiveMaximumUnderBacklog => BrokerVersion < new Version(2, 0, 13);

    private string ConfigFile => Directory.Combine("mosquitto.conf");

    protected override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        BrokerVersion = await ReadVersionAsync(cancellationToken);
        var passwordFile = Directory.Combine("passwords");
        if (!File.Exists(passwordFile))
        {
            var passwd = RequiredBinary.Find("mosquitto_passwd", Package);
            await RunToCompletionAsync(passwd, ["-b", "-c", passwordFile, User, Password], null, cancellationToken);
        }
        var lines = new List<string>
        {
            $"listener {Port} {Host}",
            "allow_anonymous false",
            $"password_file {passwordFile}",
            "persistence true",
            $"persistence_location {Directory.Path}/",
            // As deploy/config/mosquitto.conf: each autosave writes every queued message, so a short interval makes a backlog
            // cost the broker CPU in proportion to its size (with 1 s its CPU tripled under a benchmark backlog).
            "autosave_interval 30",
            "max_queued_messages 1000000",
            "max_inflight_messages 100",
            "log_dest stdout",
            "log_type error",
            "log_type warning",
            "log_type notice",
            "log_timestamp true",
        };
        if (Environment.UserName == "root")
        {
            lines.Add("user root");
        }
        await File.WriteAllLinesAsync(ConfigFile, lines, cancellationToken);
    }

    protected override GuardedProcessStartInfo CreateStartInfo()
    {
        var mosquitto = RequiredBinary.Find("mosquitto", Package, "/usr/sbin");
        return new GuardedProcessStartInfo(mosquitto, ["-c", ConfigFile])
        {
            StopGracePeriod = TimeSpan.FromSeconds(5),
        };
    }

    private static async Task<Version> ReadVersionAsync(CancellationToken cancellationToken)
    {
        // The help text names the version; mosquitto -h exits with 3.
        var (_, help) = await RunForOutputAsync(RequiredBinary.Find("mosquitto", Package, "/usr/sbin"), ["-h"], null, cancellationToken);
        var match = Regex.Match(help, @"mosquitto version (\d+\.\d+\.\d+)");
        return match.Success
            ? Version.Parse(match.Groups[1].Value)
            : throw new FixtureUnavailableException($"mosquitto -h named no version:\n{help}");
    }

    protected override Task<bool> IsReadyAsync(CancellationToken cancellationToken) =>
        TcpPortOpenAsync(Host, Port, cancellationToken);

    public string PortText => Port.ToString(CultureInfo.InvariantCulture);
}
