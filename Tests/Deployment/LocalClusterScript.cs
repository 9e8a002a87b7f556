using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using IngestionCluster.ServiceDefaults.Processes;
using IngestionCluster.Tests.Fixtures;

namespace IngestionCluster.Tests.Deployment;

/// <summary>
/// <c>deploy/local-cluster.sh</c> run as an operator runs it, against a private data folder and a
/// private block of ports, with the Silo and Gateway this test run already built.
/// </summary>
internal sealed class LocalClusterScript
{
    /// <summary>The port offsets the script uses from its base port (see the script's header).</summary>
    private static readonly int[] _offsets = [80, 90, 101, 102, 103, 104, 379, 432, 501, 502, 503, 504, 601, 602, 603, 604, 883, 900];

    private readonly string _bin;
    private readonly int? _timeoutSeconds;

    private LocalClusterScript(string directory, int basePort, string bin, int? timeoutSeconds)
    {
        _timeoutSeconds = timeoutSeconds;
        _bin = bin;
        Directory = directory;
        BasePort = basePort;
    }

    public string Directory { get; }

    public int BasePort { get; }

    public Uri Gateway1 => new($"http://127.0.0.1:{BasePort + 80}/");

    public Uri Gateway2 => new($"http://127.0.0.1:{BasePort + 90}/");

    public string MqttBrokerUrl => $"mqtt://127.0.0.1:{BasePort + 883}";

    public string MqttPassword => File.ReadAllText(Path.Combine(Directory, "mosquitto", "password.txt")).Trim();

    /// <param name="directory">The cluster's data folder.</param>
    /// <param name="bin">The folder with Silo.dll and Gateway.dll (default: the tests' own build).</param>
    /// <param name="timeoutSeconds">LOCAL_CLUSTER_TIMEOUT: how long each app may take to become ready (default the script's).</param>
    public static LocalClusterScript Create(string directory, string? bin = null, int? timeoutSeconds = null)
    {
        // PostgreSQL runs as its own OS user and must be able to reach its folder.
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("local-cluster.sh needs Linux.");
        }
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return new LocalClusterScript(directory, FreeBasePort(), bin ?? AppContext.BaseDirectory, timeoutSeconds);
    }

    private static string ScriptPath => Path.Combine(RepositoryPaths.Root, "deploy", "local-cluster.sh");

    private Dictionary<string, string> Environment
    {
        get
        {
            var environment = new Dictionary<string, string>
            {
                ["LOCAL_CLUSTER_DIR"] = Directory,
                ["LOCAL_CLUSTER_BASE_PORT"] = BasePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["LOCAL_CLUSTER_BIN"] = _bin,
            };
            if (_timeoutSeconds is { } seconds)
            {
                environment["LOCAL_CLUSTER_TIMEOUT"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            return environment;
        }
    }

    /// <summary>
    /// The script's processes leave our process group (each runs in a session of its own), so the
    /// fixtures' guards cannot reach them. This watchdog runs <c>down</c> when it is stopped, and its guard
    /// stops it when the test process dies, even by SIGKILL: a crashed test run leaves no cluster behind.
    /// </summary>
    public GuardedProcess StartWatchdog() => GuardedProcess.Start(new GuardedProcessStartInfo(
        "sh", ["-c", "trap 'bash \"$0\" down >/dev/null 2>&1; exit 0' TERM; while :; do sleep 1 & wait $!; done", ScriptPath])
    {
        Environment = Environment,
        StopGracePeriod = TimeSpan.FromSeconds(60),
    });

    public async Task<(int ExitCode, string Output)> RunAsync(TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash", [ScriptPath, .. arguments]);
        foreach (var (key, value) in Environment)
        {
            start.Environment[key] = value;
        }
        return await CommandRun.RunAsync(start, timeout, $"local-cluster.sh {string.Join(' ', arguments)}");
    }

    public string Log(string name)
    {
        var path = Path.Combine(Directory, "logs", name + ".log");
        return File.Exists(path) ? File.ReadAllText(path) : $"(no {path})";
    }

    /// <summary>The logs of the cluster's own processes (silos and gateways), each under its name, for a failure message.</summary>
    public string ProcessLogs() => string.Join("\n", new[] { "silo1", "silo2", "silo3", "gateway1", "gateway2" }
        .Select(name => $"===== {name}.log\n{Log(name)}"));

    /// <summary>
    /// Every process still running that belongs to this cluster: its command line or its environment
    /// mentions the data folder (the script hands every process <c>Data__Dir</c>, <c>HOME</c> or a path in it).
    /// </summary>
    public IReadOnlyList<int> Leftovers()
    {
        var mine = new List<int>();
        foreach (var entry in ProcessTable.Find(_ => true))
        {
            if (entry.CommandLine.Contains(Directory, StringComparison.Ordinal) || EnvironmentMentions(entry.Pid, Directory))
            {
                mine.Add(entry.Pid);
            }
        }
        return mine;
    }

    private static bool EnvironmentMentions(int pid, string text)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/environ").Contains(text, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static int FreeBasePort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            // Below Linux's ephemeral range (32768 and up): an outgoing connection anywhere on the machine can take a port there between this probe and the bind.
            var candidate = Random.Shared.Next(10, 31) * 1000 + Random.Shared.Next(0, 10) * 10;
            if (_offsets.All(offset => IsFree(candidate + offset)))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException("No free block of ports for the local cluster.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
