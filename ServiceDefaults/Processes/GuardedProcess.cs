using System.Diagnostics;
using System.Globalization;

namespace IngestionCluster.ServiceDefaults.Processes;

/// <summary>
/// A child process that cannot outlive us. It runs under a tiny shell guard in a session of its own:
/// the guard forwards a stop request to the child and kills the whole process group after a grace
/// period, and it does the same when our process disappears (even after <c>kill -9</c>), so neither
/// servers started by tests nor ffmpeg children started by silos are ever orphaned.
/// </summary>
public sealed class GuardedProcess : IAsyncDisposable
{
    // $1 owner pid, $2 grace seconds, $3 log file or "-", then the command. The guard is the leader of
    // its own session and process group (setsid), so "kill -KILL 0" reaches every descendant that did
    // not leave the group.
    private const string GuardScript = """
        owner=$1; grace=$2; log=$3; shift 3
        if [ "$log" = "-" ]; then "$@" & else "$@" >>"$log" 2>&1 & fi
        child=$!
        stop() {
          trap '' TERM INT
          kill -TERM "$child" 2>/dev/null
          i=0
          while kill -0 "$child" 2>/dev/null && [ "$i" -lt $((grace * 10)) ]; do sleep 0.1; i=$((i + 1)); done
          kill -KILL 0 2>/dev/null
          exit 143
        }
        trap stop TERM INT
        while kill -0 "$owner" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 0.5; done
        if ! kill -0 "$owner" 2>/dev/null; then stop; fi
        wait "$child"
        """;

    private readonly Process _process;
    private readonly TimeSpan _grace;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GuardedProcess(Process process, TimeSpan grace)
    {
        _process = process;
        _grace = grace;
        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) => _exited.TrySetResult(SafeExitCode(_process));
        if (_process.HasExited)
        {
            _exited.TrySetResult(SafeExitCode(_process));
        }
    }

    /// <summary>The guard's process id, which is also the process group id of the child and its descendants.</summary>
    public int ProcessGroupId => _process.Id;

    public Task<int> Exited => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    public StreamReader StandardOutput => _process.StandardOutput;

    public StreamReader StandardError => _process.StandardError;

    public static GuardedProcess Start(GuardedProcessStartInfo info)
    {
        var psi = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = false,
            RedirectStandardOutput = info.RedirectStandardOutput,
            RedirectStandardError = info.RedirectStandardError,
            WorkingDirectory = info.WorkingDirectory ?? string.Empty,
        };
        psi.ArgumentList.Add("sh");
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(GuardScript);
        psi.ArgumentList.Add("guard");
        psi.ArgumentList.Add(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        psi.ArgumentList.Add(Math.Max(1, (int)Math.Ceiling(info.StopGracePeriod.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        psi.ArgumentList.Add(info.LogFile ?? "-");
        if (info.RunAsUser is not null && IsRoot())
        {
            psi.ArgumentList.Add("setpriv");
            psi.ArgumentList.Add($"--reuid={info.RunAsUser}");
            psi.ArgumentList.Add($"--regid={info.RunAsUser}");
            psi.ArgumentList.Add("--init-groups");
            psi.ArgumentList.Add("--");
        }
        psi.ArgumentList.Add(info.FileName);
        foreach (var argument in info.Arguments)
        {
            psi.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in info.Environment)
        {
            psi.Environment[key] = value;
        }
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {info.FileName}.");
        return new GuardedProcess(process, info.StopGracePeriod);
    }

    /// <summary>SIGTERM to the child; after the grace period the whole group is killed. Waits for the guard to exit.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (HasExited)
        {
            return;
        }
        Signals.Send(ProcessGroupId, Signals.Term);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_grace + TimeSpan.FromSeconds(5));
        try
        {
            await _exited.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
            await _exited.Task.ConfigureAwait(false);
        }
    }

    /// <summary>SIGKILL to the whole process group, immediately.</summary>
    public void Kill()
    {
        if (!HasExited)
        {
            Signals.Send(-ProcessGroupId, Signals.Kill);
            Signals.Send(ProcessGroupId, Signals.Kill);
        }
    }

    /// <summary>SIGSTOP to the whole group: the child stops answering but keeps its connections (simulates a hang).</summary>
    public void Suspend() => Signals.Send(-ProcessGroupId, Signals.Stop);

    /// <summary>SIGCONT to the whole group after <see cref="Suspend"/>.</summary>
    public void Resume() => Signals.Send(-ProcessGroupId, Signals.Continue);

    /// <summary>SIGKILL to the whole group, called synchronously from a process-exit handler.</summary>
    public void KillAndWait(TimeSpan timeout)
    {
        Kill();
        _process.WaitForExit(timeout);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    private static int SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            return -1;
        }
    }

    private static bool IsRoot() => Signals.GetEffectiveUserId() == 0;
}
