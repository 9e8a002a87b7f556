using System.Runtime.InteropServices;

namespace IngestionCluster.ServiceDefaults.Processes;

/// <summary>The two libc calls .NET does not expose: signals to process groups, and the effective user id.</summary>
internal static partial class Signals
{
    public const int Kill = 9;
    public const int Term = 15;
    public const int Continue = 18;
    public const int Stop = 19;

    /// <summary>Sends <paramref name="signal"/> to a process, or to a process group when <paramref name="pid"/> is negative.</summary>
    public static bool Send(int pid, int signal) => SysKill(pid, signal) == 0;

    public static uint GetEffectiveUserId() => SysGeteuid();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int sig);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint SysGeteuid();
}
