using System.Diagnostics;

namespace IngestionCluster.Tests.Fixtures;

/// <summary>Runs a command to its end and returns its exit code with its output (stdout, then stderr); kills its whole tree when it overruns.</summary>
public static class CommandRun
{
    public static async Task<(int ExitCode, string Output)> RunAsync(ProcessStartInfo start, TimeSpan timeout, string description)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{description} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{description} did not finish within {timeout.TotalSeconds:0} s.\n{await output}{await error}");
        }
        return (process.ExitCode, await output + await error);
    }
}
