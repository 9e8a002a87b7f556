using System.Diagnostics;
using System.Globalization;

namespace IngestionCluster.Tests.Processes;

/// <summary>
/// Runs the container health check as Docker does (<c>dotnet Silo.dll healthcheck</c>, <c>dotnet Gateway.dll healthcheck</c>)
/// next to a running <see cref="ProductProcess"/>, pointed at its port.
/// </summary>
internal static class HealthcheckRun
{
    public static Task<(int ExitCode, string Error)> RunAsync(string executable, ProductProcess process) =>
        RunAsync(executable, start => start.Environment["Http__Port"] = process.HttpPort.ToString(CultureInfo.InvariantCulture));

    /// <summary>The check with the settings <paramref name="configure"/> gives it (arguments, environment, working directory).</summary>
    public static async Task<(int ExitCode, string Error)> RunAsync(string executable, Action<ProcessStartInfo> configure)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, executable + ".dll"), "healthcheck"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var inherited in new[] { "Http__Port", "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS" })
        {
            start.Environment.Remove(inherited);
        }
        configure(start);
        using var command = Process.Start(start)!;
        var error = command.StandardError.ReadToEndAsync();
        var output = command.StandardOutput.ReadToEndAsync();
        await command.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await output;
        return (command.ExitCode, await error);
    }

    /// <summary>Runs the check until it exits with <paramref name="expected"/> (readiness follows a store with some delay).</summary>
    public static async Task<string> WaitForExitCodeAsync(string executable, ProductProcess process, int expected, string what)
    {
        var last = (ExitCode: -1, Error: string.Empty);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            last = await RunAsync(executable, process);
            if (last.ExitCode == expected)
            {
                return last.Error;
            }
            Assert.True(DateTime.UtcNow < deadline, $"{executable} healthcheck never exited {expected} ({what}); last exit {last.ExitCode}: {last.Error}");
            await Task.Delay(500);
        }
    }
}
