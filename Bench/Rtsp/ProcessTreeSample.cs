using System.Globalization;
using IngestionCluster.Bench.Infrastructure;

namespace IngestionCluster.Bench.Rtsp;

/// <summary>
/// CPU time and memory of a process and all its living descendants, read from /proc, split into the
/// .NET host (<c>dotnet</c>), ffmpeg children and everything else (their shell guards).
/// </summary>
public sealed record ProcessTreeSample(double CpuSeconds, ProcessGroupMemory Host, ProcessGroupMemory Ffmpeg, ProcessGroupMemory Other)
{
    public long TotalProportionalBytes => Host.ProportionalBytes + Ffmpeg.ProportionalBytes + Other.ProportionalBytes;

    public static ProcessTreeSample Take(int rootPid)
    {
        double ticks = 0;
        var host = ProcessGroupMemory.Empty;
        var ffmpeg = ProcessGroupMemory.Empty;
        var other = ProcessGroupMemory.Empty;
        foreach (var process in ProcStat.Tree(ProcStat.ReadAll(), rootPid))
        {
            // Children reaped during the window are in their parent's cutime/cstime.
            ticks += process.OwnTicks + process.ReapedChildTicks;
            var memory = new ProcessGroupMemory(1, process.ResidentBytes, ProportionalBytes(process.Pid));
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
        }
        return new ProcessTreeSample(ticks / ProcStat.ClockTicksPerSecond, host, ffmpeg, other);
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
