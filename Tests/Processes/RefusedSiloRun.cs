using System.Diagnostics;
using System.Globalization;
using IngestionCluster.Tests.Fixtures;

namespace IngestionCluster.Tests.Processes;

/// <summary>
/// Runs the Silo executable as a user does, with a test's environment, on free ports and a data folder of its own, until
/// it exits by itself: a start it refuses (bad settings).
/// </summary>
internal static class RefusedSiloRun
{
    /// <summary>The exit code and everything printed (standard output, then standard error).</summary>
    /// <param name="workingFiles">Files (name, content) written to the silo's working folder before it starts.</param>
    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string> environment, IReadOnlyDictionary<string, string>? workingFiles = null)
    {
        using var data = new TempDirectory("silo-refused");
        foreach (var (file, content) in workingFiles ?? new Dictionary<string, string>())
        {
            await File.WriteAllTextAsync(data.Combine(file), content);
        }
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Silo.dll")]) { WorkingDirectory = data.Path };
        // Only the test names the environment (ASPNETCORE_ENVIRONMENT, or a seed's ENVIRONMENT).
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment["Http__Port"] = "0";
        start.Environment["Cluster__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        start.Environment["Cluster__GatewayPort"] = "0";
        start.Environment["Data__Dir"] = data.Path;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        return await CommandRun.RunAsync(start, TimeSpan.FromSeconds(90), "the silo's refused start");
    }
}
