using System.Diagnostics;
using IngestionCluster.Tests.Fixtures;

namespace IngestionCluster.Bench.Infrastructure;

/// <summary>Distinct JPEG frames made once by the real ffmpeg (a moving test source).</summary>
public static class FfmpegFrames
{
    public static async Task<IReadOnlyList<byte[]>> GenerateAsync(int count, int width, int height, int quality = 5)
    {
        var directory = Directory.CreateTempSubdirectory("bench-frames-");
        try
        {
            var psi = new ProcessStartInfo(RequiredBinary.Find("ffmpeg", "ffmpeg"))
            {
                WorkingDirectory = directory.FullName,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", $"testsrc2=s={width}x{height}:r=25",
                         "-frames:v", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c:v", "mjpeg", "-q:v", quality.ToString(System.Globalization.CultureInfo.InvariantCulture),
                         "-pix_fmt", "yuvj420p", "frame-%04d.jpg" })
            {
                psi.ArgumentList.Add(argument);
            }
            using var process = Process.Start(psi)!;
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"ffmpeg failed: {error}");
            }
            return Directory.GetFiles(directory.FullName, "frame-*.jpg").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
