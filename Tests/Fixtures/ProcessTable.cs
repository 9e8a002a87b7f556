using System.Globalization;

namespace IngestionCluster.Tests.Fixtures;

/// <summary>The machine's processes as /proc lists them, for tests that look for leftovers (e.g. orphaned ffmpeg).</summary>
public static class ProcessTable
{
    /// <summary>A live process: its pid and its command line with arguments joined by spaces.</summary>
    public sealed record Entry(int Pid, string CommandLine);

    /// <summary>Every process (zombies excluded) whose command line satisfies <paramref name="match"/>.</summary>
    public static IReadOnlyList<Entry> Find(Func<string, bool> match)
    {
        var found = new List<Entry>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(System.IO.Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            string commandLine;
            try
            {
                commandLine = File.ReadAllText(System.IO.Path.Combine(directory, "cmdline")).Replace('\0', ' ').Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // gone meanwhile
            }
            if (commandLine.Length > 0 && match(commandLine))
            {
                found.Add(new Entry(pid, commandLine));
            }
        }
        return found;
    }

    /// <summary>The parent of a live process, or null when it is gone.</summary>
    public static int? ParentOf(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent) ? parent : null;
    }

    /// <summary>Whether <paramref name="ancestor"/> is <paramref name="pid"/>'s parent, grandparent, ... (false once either is gone).</summary>
    public static bool IsDescendantOf(int pid, int ancestor)
    {
        for (var current = ParentOf(pid); current is > 1; current = ParentOf(current.Value))
        {
            if (current == ancestor)
            {
                return true;
            }
        }
        return false;
    }
}
