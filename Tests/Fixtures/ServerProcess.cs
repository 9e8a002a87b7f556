using System.Collections.Concurrent;
using System.Diagnostics;
using IngestionCluster.ServiceDefaults.Processes;

namespace IngestionCluster.Tests.Fixtures;

/// <summary>
/// A real server run as a guarded child process on 127.0.0.1 with a private temp folder. It can be
/// stopped and started again on the same port and data (for outage tests) or killed outright.
/// Every live server is killed when the test process exits, and the guard kills it if the test
/// process itself is killed, so no server outlives the run.
/// </summary>
public abstract class ServerProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<ServerProcess, byte> _live = new();
    private GuardedProcess? _process;

    static ServerProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var server in _live.Keys)
            {
                server._process?.KillAndWait(TimeSpan.FromSeconds(2));
                server.Directory.Dispose();
            }
        };
    }

    protected ServerProcess(string name, string? directoryOwner = null)
    {
        Name = name;
        Directory = new TempDirectory(name, directoryOwner);
    }

    public string Name { get; }

    public string Host => "127.0.0.1";

    public TempDirectory Directory { get; }

    protected string LogFile => Directory.Combine("server.log");

    protected virtual TimeSpan StartTimeout => TimeSpan.FromSeconds(60);

    public bool IsRunning => _process is { HasExited: false };

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            return;
        }
        await PrepareAsync(cancellationToken);
        var startInfo = CreateStartInfo() with { LogFile = LogFile };
        _process = GuardedProcess.Start(startInfo);
        _live[this] = 0;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new FixtureUnavailableException($"{Name} exited during start-up (exit code {await _process.Exited}).\n{TailLog()}");
            }
            if (await IsReadyAsync(cancellationToken))
            {
                return;
            }
            if (clock.Elapsed > StartTimeout)
            {
                _process.Kill();
                throw new FixtureUnavailableException($"{Name} did not become ready within {StartTimeout.TotalSeconds:0} s.\n{TailLog()}");
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Graceful stop (SIGTERM, then SIGKILL after the grace period); data and port are kept for a restart.</summary>
    public async Task StopAsync()
    {
        if (_process is not null)
        {
            await BeforeStopAsync();
            await _process.StopAsync();
            await AfterStopAsync();
        }
    }

    /// <summary>SIGSTOP to the server's process group: it hangs with its connections open, until <see cref="Resume"/>.</summary>
    public void Suspend() => _process?.Suspend();

    public void Resume() => _process?.Resume();

    /// <summary>SIGKILL to the server and everything it started.</summary>
    public async Task KillAsync()
    {
        if (_process is not null)
        {
            _process.Kill();
            await _process.Exited;
            await AfterStopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _live.TryRemove(this, out _);
        Directory.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Runs once before every start (first start and restarts).</summary>
    protected virtual Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected abstract GuardedProcessStartInfo CreateStartInfo();

    protected abstract Task<bool> IsReadyAsync(CancellationToken cancellationToken);

    protected virtual Task AfterStopAsync() => Task.CompletedTask;

    /// <summary>Runs before a graceful stop (a server whose SIGTERM waits for its clients asks for a fast shutdown here).</summary>
    protected virtual Task BeforeStopAsync() => Task.CompletedTask;

    public string TailLog(int lines = 40)
    {
        try
        {
            var all = File.ReadAllLines(LogFile);
            return $"--- last lines of {LogFile} ---\n" + string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException)
        {
            return $"(no log at {LogFile})";
        }
    }

    protected static async Task<bool> TcpPortOpenAsync(string host, int port, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new System.Net.Sockets.TcpClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(host, port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Runs a short setup command to completion (initdb, mosquitto_passwd), failing with its output.</summary>
    protected static async Task RunToCompletionAsync(string fileName, IEnumerable<string> arguments, string? runAsUser, CancellationToken cancellationToken)
    {
        var (exitCode, output) = await RunForOutputAsync(fileName, arguments, runAsUser, cancellationToken);
        if (exitCode != 0)
        {
            throw new FixtureUnavailableException($"{fileName} {string.Join(' ', arguments)} failed with exit code {exitCode}:\n{output}");
        }
    }

    /// <summary>Runs a short command to completion; its exit code and its standard output followed by its standard error.</summary>
    protected static async Task<(int ExitCode, string Output)> RunForOutputAsync(
        string fileName, IEnumerable<string> arguments, string? runAsUser, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(runAsUser is not null && Environment.UserName == "root" ? "setpriv" : fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (psi.FileName == "setpriv")
        {
            foreach (var a in new[] { $"--reuid={runAsUser}", $"--regid={runAsUser}", "--init-groups", "--", fileName })
            {
                psi.ArgumentList.Add(a);
            }
        }
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }
        using var process = Process.Start(psi) ?? throw new FixtureUnavailableException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, $"{await stdout}\n{await stderr}");
    }
}
