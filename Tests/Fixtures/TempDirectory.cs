using System.Diagnostics;

namespace IngestionCluster.Tests.Fixtures;

/// <summary>A private temp folder, removed on dispose; optionally owned by another OS user (servers that refuse to run as root).</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix, string? owner = null)
    {
        Path = Directory.CreateTempSubdirectory($"ic-{prefix}-").FullName;
        if (owner is not null && Environment.UserName == "root")
        {
            ChangeOwner(Path, owner);
        }
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public static void ChangeOwner(string path, string owner)
    {
        using var chown = Process.Start("chown", ["-R", $"{owner}:{owner}", path]);
        chown.WaitForExit();
        if (chown.ExitCode != 0)
        {
            throw new FixtureUnavailableException($"chown -R {owner} {path} failed: does the OS user '{owner}' exist?");
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A server may still be flushing; the OS temp cleaner will take the rest.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
