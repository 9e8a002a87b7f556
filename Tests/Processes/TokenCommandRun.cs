using System.Diagnostics;
using IngestionCluster.Tests.Fixtures;

namespace IngestionCluster.Tests.Processes;

/// <summary>Runs <c>dotnet Silo.dll token …</c> as a user does, with the given environment.</summary>
internal static class TokenCommandRun
{
    /// <summary>The exit code, the token (the first line printed) and everything printed.</summary>
    public static async Task<(int ExitCode, string Token, string Output)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Silo.dll"), "token", .. args]);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        var (exitCode, output) = await CommandRun.RunAsync(start, TimeSpan.FromSeconds(60), "token command");
        return (exitCode, output.Split('\n')[0].Trim(), output);
    }
}
