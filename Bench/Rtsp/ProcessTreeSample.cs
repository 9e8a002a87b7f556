using System.Globalization;

namespace IngestionCluster.Bench.Rtsp;

/// <summary>
/// CPU time and memory of a process and all its living descendants, read from /proc, split into the
/// .NET host (<c>dotnet</c>), ffmpeg children and everything else (their shell guards).
/// </summary>
public sealed record ProcessTreeSample(double CpuSeconds, ProcessGroupMemory Host, ProcessGroupMemory Ffmpeg, ProcessGroupMemory Other)
{
    public long TotalProportionalBytes => Host.ProportionalBytes + Ffmpeg.ProportionalBytes + Other.ProportionalBytes;

    // USER_HZ: the unit of /proc/<pid>/stat times; 100 on every Linux architecture .NET runs on.
    private const double ClockTicksPerSecond = 100;

    public static ProcessTreeSample Take(int rootPid)
    {
        var all = ReadAll();
        var children = all.Values.ToLookup(p => p.ParentPid);
        var pending = new Stack<int>([rootPid]);
        double ticks = 0;
        var host = ProcessGroupMemory.Empty;
        var ffmpeg = ProcessGroupMemory.Empty;
        var other = ProcessGroupMemory.Empty;
        while (pending.Count > 0)
        {
            var pid = pending.Pop();
            if (!all.TryGetValue(pid, out var process))
            {
                continue;
            }
            // Children reaped during the window are in their parent's cutime/cstime.
            ticks += process.OwnAndReapedTicks;
            var memory = new ProcessGroupMemory(1, process.ResidentBytes, ProportionalBytes(pid));
            switch (process.Name)
            {
                case "dotnet":
                    host += memory;
                    break;
                case "ffmpeg":
                    ffmpeg += memory;
                    break;
                default:
                    other += memory;
                    break;
            }
            foreach (var child in children[pid])
            {
                pending.Push(child.Pid);
            }
        }
        return new ProcessTreeSample(ticks / ClockTicksPerSecond, host, ffmpeg, other);
    }

    private sealed record ProcStat(int Pid, string Name, int ParentPid, long OwnAndReapedTicks, long ResidentBytes);

    private static Dictionary<int, ProcStat> ReadAll()
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
                var name = stat[(open + 1)..close];
                var fields = stat[(close + 2)..].Split(' ');
                long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
                var ticks = Field(14) + Field(15) + Field(16) + Field(17);
                result[pid] = new ProcStat(pid, name, (int)Field(4), ticks, Field(24) * Environment.SystemPageSize);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended meanwhile.
            }
        }
        return result;
    }

    /// <summary>Proportional set size: shared pages divided among the processes that map them.</summary>
    private static long ProportionalBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
            {
                if (line.StartsWith("Pss:", StringComparison.Ordinal))
                {
                    return long.Parse(line[4..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return 0;
    }
}

/// <summary>Count, resident and proportional bytes of a set of processes.</summary>
public sealed record ProcessGroupMemory(int Processes, long ResidentBytes, long ProportionalBytes)
{
    public static ProcessGroupMemory Empty { get; } = new(0, 0, 0);

    public static ProcessGroupMemory operator +(ProcessGroupMemory a, ProcessGroupMemory b) =>
        new(a.Processes + b.Processes, a.ResidentBytes + b.ResidentBytes, a.ProportionalBytes + b.ProportionalBytes);
}
