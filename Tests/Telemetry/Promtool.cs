using System.Diagnostics;
using System.Text;

namespace IngestionCluster.Tests.Telemetry;

/// <summary>Runs the real <c>promtool check metrics</c> on an exposition (the Debian package <c>prometheus</c> ships it).</summary>
internal static class Promtool
{
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(60);

    /// <summary>Fails the test unless promtool parses the text and its linter reports no problem.</summary>
    public static async Task AssertValidAsync(string exposition)
    {
        var (exitCode, output) = await CheckMetricsAsync(exposition);
        Assert.True(exitCode == 0,
            $"promtool check metrics exited with {exitCode}:\n{output}\n--- exposition ---\n{exposition}");
    }

    private static async Task<(int ExitCode, string Output)> CheckMetricsAsync(string exposition)
    {
        var path = FindOnPath("promtool");
        if (path is null)
        {
            Assert.Fail("promtool was not found on PATH: install the Debian package `prometheus` " +
                "(apt-get install prometheus), which ships promtool.");
        }
        var startInfo = new ProcessStartInfo(path!, ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // A byte order mark would be read as part of the first metric name.
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            UseShellExecute = false,
        };
        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException("promtool did not start.");
        using var timeout = new CancellationTokenSource(_timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.StandardInput.WriteAsync(exposition.AsMemory(), timeout.Token);
        process.StandardInput.Close();
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    private static string? FindOnPath(string program)
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin");
        return directories.Select(directory => Path.Combine(directory, program)).FirstOrDefault(File.Exists);
    }
}
