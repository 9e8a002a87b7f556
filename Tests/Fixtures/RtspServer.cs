using System.Globalization;
using IngestionCluster.ServiceDefaults.Processes;

namespace IngestionCluster.Tests.Fixtures;

/// <summary>
/// A real RTSP server: GStreamer's RTSP server driven by <c>rtsp_server.py</c> under Debian's
/// <c>/usr/bin/python3</c>, serving a moving test pattern (<c>videotestsrc pattern=ball</c>) as MJPEG
/// over RTP on 127.0.0.1 and a free port. It serves <see cref="Path"/> and <see cref="SecondPath"/>
/// (video) and <see cref="AudioPath"/> (a stream without video); with <see cref="RtspServerSettings.RequireAuth"/>
/// every path needs basic auth with <see cref="User"/> / <see cref="Password"/>. Paths are unique per
/// instance. Stop and start it again on the same port for outage tests; <see cref="Freeze"/> stalls it
/// without closing connections.
/// Every client gets a pipeline of its own, as from a camera: clients of one path come and go without
/// stalling each other. <see cref="ExtraPaths"/> stand for further cameras.
/// </summary>
public sealed class RtspServer : ServerProcess
{
    public const string Packages = "gir1.2-gst-rtsp-server-1.0 python3-gi gstreamer1.0-plugins-good gstreamer1.0-plugins-base";

    /// <summary>Debian's Python, which has python3-gi (a pyenv python3 earlier on PATH does not).</summary>
    public const string Python = "/usr/bin/python3";

    private const int SigStop = 19;
    private const int SigCont = 18;

    private static readonly Lazy<Task> _checked = new(CheckInstallationAsync);

    private readonly RtspServerSettings _settings;

    public RtspServer() : this(new RtspServerSettings())
    {
    }

    public RtspServer(RtspServerSettings settings) : base("rtsp")
    {
        _settings = settings;
        Port = FreePort.Next();
        var unique = Guid.NewGuid().ToString("N")[..10];
        Path = $"/cam-{unique}";
        SecondPath = $"/cam2-{unique}";
        AudioPath = $"/audio-{unique}";
        ExtraPaths = [.. Enumerable.Range(0, settings.ExtraPathCount).Select(i => $"/extra{i}-{unique}")];
        if (settings.RequireAuth)
        {
            User = $"viewer{unique[..4]}";
            Password = $"pw-{Guid.NewGuid():N}";
        }
    }

    public int Port { get; }

    public string Path { get; }

    public string SecondPath { get; }

    public string AudioPath { get; }

    /// <summary>Further video paths, as many as <see cref="RtspServerSettings.ExtraPathCount"/>.</summary>
    public IReadOnlyList<string> ExtraPaths { get; }

    /// <summary>The user name when the server requires auth; otherwise null.</summary>
    public string? User { get; }

    /// <summary>The password when the server requires auth; otherwise null.</summary>
    public string? Password { get; }

    public RtspServerSettings Settings => _settings;

    /// <summary>The main path's URL, with the right credentials when the server requires auth.</summary>
    public string Url => UrlFor(Path, User, Password);

    /// <summary>The main path's URL without credentials.</summary>
    public string AnonymousUrl => UrlFor(Path, null, null);

    /// <summary>A URL of this server; credentials are percent-encoded into it when given.</summary>
    public string UrlFor(string path, string? user = null, string? password = null)
    {
        var credentials = user is null ? string.Empty : Uri.EscapeDataString(user) + (password is null ? string.Empty : ":" + Uri.EscapeDataString(password)) + "@";
        return $"rtsp://{credentials}{Host}:{Port.ToString(CultureInfo.InvariantCulture)}{path}";
    }

    /// <summary>SIGSTOP to the server: connections stay open but no data flows (a stalled camera).</summary>
    public void Freeze() => SignalServer(SigStop);

    /// <summary>SIGCONT: the server resumes after <see cref="Freeze"/>.</summary>
    public void Thaw() => SignalServer(SigCont);

    protected override TimeSpan StartTimeout => TimeSpan.FromSeconds(30);

    protected override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await _checked.Value.WaitAsync(cancellationToken);
    }

    protected override GuardedProcessStartInfo CreateStartInfo()
    {
        var arguments = new List<string>
        {
            ScriptPath,
            "--host", Host,
            "--port", Port.ToString(CultureInfo.InvariantCulture),
            "--path", Path,
            "--path", SecondPath,
            "--audio-path", AudioPath,
            "--width", _settings.Width.ToString(CultureInfo.InvariantCulture),
            "--height", _settings.Height.ToString(CultureInfo.InvariantCulture),
            "--fps", _settings.Fps.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var extra in ExtraPaths)
        {
            arguments.AddRange(["--path", extra]);
        }
        var environment = new Dictionary<string, string>();
        if (User is not null && Password is not null)
        {
            environment["RTSP_SERVER_USER"] = User;
            environment["RTSP_SERVER_PASSWORD"] = Password;
        }
        return new GuardedProcessStartInfo(Python, arguments)
        {
            Environment = environment,
            StopGracePeriod = TimeSpan.FromSeconds(5),
        };
    }

    protected override Task<bool> IsReadyAsync(CancellationToken cancellationToken) =>
        TcpPortOpenAsync(Host, Port, cancellationToken);

    private static string ScriptPath => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "rtsp_server.py");

    private static async Task CheckInstallationAsync()
    {
        if (!File.Exists(Python))
        {
            throw new FixtureUnavailableException(
                $"{Python} was not found. The RTSP test server needs Debian's Python with GStreamer: apt-get install -y python3 {Packages}");
        }
        if (!File.Exists(ScriptPath))
        {
            throw new FixtureUnavailableException($"{ScriptPath} is missing: Tests.csproj copies Fixtures/rtsp_server.py to the output folder.");
        }
        try
        {
            await RunToCompletionAsync(Python, [ScriptPath, "--check"], null, CancellationToken.None);
        }
        catch (FixtureUnavailableException e)
        {
            throw new FixtureUnavailableException(
                $"The GStreamer RTSP server is not usable. Install the Debian packages: apt-get install -y {Packages}\n{e.Message}", e);
        }
    }

    private void SignalServer(int signal)
    {
        // The server is the python process whose command line names this server's unique path.
        var pids = ProcessTable.Find(cmdline => cmdline.Contains("rtsp_server.py", StringComparison.Ordinal) && cmdline.Contains(Path, StringComparison.Ordinal)).Select(p => p.Pid).ToList();
        if (pids.Count == 0)
        {
            throw new InvalidOperationException($"The RTSP server on port {Port} is not running.");
        }
        foreach (var pid in pids)
        {
            Signals.Send(pid, signal);
        }
    }
}
