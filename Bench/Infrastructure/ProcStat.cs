using System.Globalization;

namespace IngestionCluster.Bench.Infrastructure;

/// <summary>One process as <c>/proc/PID/stat</c> shows it: its name, parent, CPU ticks (own and reaped children's) and resident bytes.</summary>
public sealed record ProcStat(int Pid, string Name, int ParentPid, long OwnTicks, long ReapedChildTicks, long ResidentBytes)
{
    // USER_HZ: the unit of /proc/<pid>/stat times; 100 on every Linux architecture .NET runs on.
    public const double ClockTicksPerSecond = 100;

    public static Dictionary<int, ProcStat> ReadAll()
    {
        var result = new Dictionary<int, ProcStat>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                // The name is in parentheses and may hold spaces; the fields after it are space-separated.
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                var fields = stat[(close + 2)..].Split(' ');
                long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
                result[pid] = new ProcStat(pid, stat[(open + 1)..close], (int)Field(4), Field(14) + Field(15), Field(16) + Field(17), Field(24) * Environment.SystemPageSize);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended meanwhile.
            }
        }
        return result;
    }

    /// <summary><paramref name="root"/> and every living descendant.</summary>
    public static IEnumerable<ProcStat> Tree(Dictionary<int, ProcStat> all, int root)
    {
        var children = all.Values.ToLookup(p => p.ParentPid);
        var pending = new Stack<int>([root]);
        while (pending.Count > 0)
        {
            if (all.TryGetValue(pending.Pop(), out var process))
            {
                yield return process;
                foreach (var child in children[process.Pid])
                {
                    pending.Push(child.Pid);
                }
            }
        }
    }

    /// <summary>The command line with arguments joined by spaces, or the name when it cannot be read.</summary>
    public string CommandLine()
    {
        try
        {
            return File.ReadAllText($"/proc/{Pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Name;
        }
    }
}
