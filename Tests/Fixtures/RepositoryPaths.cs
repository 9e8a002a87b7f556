namespace IngestionCluster.Tests.Fixtures;

public static class RepositoryPaths
{
    private static readonly Lazy<string> _root = new(FindRoot);

    /// <summary>The folder that holds IngestionCluster.sln.</summary>
    public static string Root => _root.Value;

    /// <summary>Project-local npm tools (s3rver), installed by ./test.sh.</summary>
    public static string ToolsNodeModules => Path.Combine(Root, "tools", "node_modules");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "IngestionCluster.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new FixtureUnavailableException("Could not find IngestionCluster.sln above " + AppContext.BaseDirectory);
    }
}
