using System.Diagnostics;
using System.Text;

namespace IngestionCluster.Tests.Telemetry;

/// <summary>Runs the real <c>promtool check metrics</c> on an exposition (the Debian package <c>prometheus</c> ships it).</summary>
internal static class Promtool
{
    /// <summary>promtool's exit code when the text parses but its linter reports problems.</summary>
    public const int LintProblemsExitCode = 3;

    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(60);

    /// <summary>Fails the test unless promtool parses the text and its linter reports no problem.</summary>
    public static async Task AssertValidAsync(string exposition)
    {
        var (exitCode, output) = await CheckMetricsAsync(exposition);
        Assert.True(exitCode == 0,
            $"promtool check metrics exited with {exitCode}:\n{output}\n--- exposition ---\n{exposition}");
    }

    /// <summary>
    /// Fails the test unless promtool parses the text and every lint problem it reports is about a family
    /// <paramref name="mayHaveProblems"/> accepts (instruments of libraries, which the project does not name).
    /// </summary>
    public static async Task AssertParsesWithProblemsOnlyInAsync(string exposition, Func<string, bool> mayHaveProblems)
    {
        var (exitCode, output) = await CheckMetricsAsync(exposition);
        Assert.True(exitCode is 0 or LintProblemsExitCode,
            $"promtool could not parse the exposition (exit {exitCode}):\n{output}\n--- exposition ---\n{exposition}");
        // Each problem is one line: the family name, a space, the problem.
        var unexpected = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !mayHaveProblems(line.Split(' ')[0]))
            .ToList();
        Assert.True(unexpected.Count == 0, "promtool reported problems outside the accepted families:\n" + string.Join('\n', unexpected));
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
