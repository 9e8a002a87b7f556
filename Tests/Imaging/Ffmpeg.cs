using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace IngestionCluster.Tests.Imaging;

/// <summary>Runs the real ffmpeg to produce test media.</summary>
internal static class Ffmpeg
{
    public const string DebianPackage = "ffmpeg";

    private static readonly TimeSpan _timeout = TimeSpan.FromMinutes(2);

    public static void Run(string workingDirectory, IEnumerable<string> arguments, string executable = "ffmpeg")
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-hide_banner", "-nostdin", "-loglevel", "error", "-y" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"'{executable}' was not found. The tests need the real ffmpeg: install the Debian package " +
                $"'{DebianPackage}' (apt-get install {DebianPackage}).", e);
        }

        process.BeginErrorReadLine();
        process.StandardOutput.Close();
        if (!process.WaitForExit(_timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"ffmpeg did not finish within {_timeout}: {string.Join(' ', start.ArgumentList)}");
        }

        process.WaitForExit(); // flushes the stderr callbacks
        if (process.ExitCode != 0)
        {
            lock (errors)
            {
                throw new InvalidOperationException(
                    $"ffmpeg exited with {process.ExitCode}: {string.Join(' ', start.ArgumentList)}\n{errors}");
            }
        }
    }
}
