namespace IngestionCluster.ServiceDefaults.Processes;

/// <summary>What to run under a <see cref="GuardedProcess"/>.</summary>
public sealed record GuardedProcessStartInfo(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>Extra environment variables for the child.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public string? WorkingDirectory { get; init; }

    /// <summary>Runs the child as this OS user (through <c>setpriv</c>) when the current process is root.</summary>
    public string? RunAsUser { get; init; }

    /// <summary>When set, the child's stdout and stderr are appended to this file instead of being redirected to us.</summary>
    public string? LogFile { get; init; }

    /// <summary>Redirect the child's stdout to <see cref="GuardedProcess.StandardOutput"/>.</summary>
    public bool RedirectStandardOutput { get; init; }

    /// <summary>Redirect the child's stderr to <see cref="GuardedProcess.StandardError"/>.</summary>
    public bool RedirectStandardError { get; init; }

    /// <summary>How long a graceful stop waits after SIGTERM before the whole process group is killed.</summary>
    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(10);
}
