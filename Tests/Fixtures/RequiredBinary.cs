namespace IngestionCluster.Tests.Fixtures;

/// <summary>Finds a server binary, or fails with the Debian package that provides it.</summary>
public static class RequiredBinary
{
    public static string Find(string name, string package, params string[] extraDirectoryPatterns)
    {
        var candidates = new List<string>();
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            candidates.Add(Path.Combine(dir, name));
        }
        foreach (var pattern in extraDirectoryPatterns)
        {
            candidates.AddRange(ExpandPattern(pattern).Select(dir => Path.Combine(dir, name)));
        }
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FixtureUnavailableException(
                $"'{name}' was not found. Install the Debian package '{package}' (apt-get install -y {package}), or run ./test.sh, which installs everything the tests need.");
    }

    /// <summary>Expands one '*' in a directory pattern such as /usr/lib/postgresql/*/bin, newest version first.</summary>
    private static IEnumerable<string> ExpandPattern(string pattern)
    {
        var star = pattern.IndexOf('*', StringComparison.Ordinal);
        if (star < 0)
        {
            return [pattern];
        }
        var parent = Path.GetDirectoryName(pattern[..(star + 1)])!;
        var rest = pattern[(star + 1)..].TrimStart('/');
        if (!Directory.Exists(parent))
        {
            return [];
        }
        return Directory.GetDirectories(parent)
            .OrderByDescending(d => d, StringComparer.Ordinal)
            .Select(d => Path.Combine(d, rest));
    }
}
