using System.Diagnostics;
using System.Globalization;

namespace IngestionCluster.Bench.Infrastructure;

/// <summary>
/// The JIT compiler's work in the product processes, read from their <c>/metrics</c>
/// (<c>dotnet_jit_compilation_time_seconds_total</c>). A silo compiles some 40,000 methods, most of them twice
/// (tiered compilation and its profile-guided tier); on a machine whose two cores every process shares, that
/// goes on for minutes after start and takes a large share of the CPU, so a fixed warm-up left part of it
/// inside the measured window. A steady-state figure is taken once it has died down.
/// </summary>
public sealed class JitActivity(IReadOnlyList<Uri> processes) : IDisposable
{
    private const string CompilationSeconds = "dotnet_jit_compilation_time_seconds_total";
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>JIT compilation seconds so far, summed over the processes.</summary>
    public async Task<double> CompilationSecondsAsync()
    {
        var total = 0.0;
        foreach (var process in processes)
        {
            var text = await _http.GetStringAsync(new Uri(process, "metrics"));
            var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(CompilationSeconds, StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"{process}metrics has no {CompilationSeconds}");
            total += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        }
        return total;
    }

    /// <summary>
    /// Waits until the processes spent less than <paramref name="quietShare"/> of a core on the JIT over the last
    /// <paramref name="window"/>, or until <paramref name="limit"/>; says how long it took and where it stopped.
    /// </summary>
    public async Task<TimeSpan> WaitUntilQuietAsync(double quietShare, TimeSpan window, TimeSpan limit)
    {
        var started = Stopwatch.GetTimestamp();
        var previous = await CompilationSecondsAsync();
        while (true)
        {
            await Task.Delay(window);
            var now = await CompilationSecondsAsync();
            var share = (now - previous) / window.TotalSeconds;
            previous = now;
            var waited = Stopwatch.GetElapsedTime(started);
            if (share < quietShare || waited >= limit)
            {
                Console.WriteLine(share < quietShare
                    ? $"-- JIT quiet after {waited.TotalSeconds:0} s more ({share:0.000} of a core over the last {window.TotalSeconds:0} s)"
                    : $"-- JIT still at {share:0.000} of a core after {waited.TotalSeconds:0} s; measuring anyway");
                return waited;
            }
        }
    }

    public void Dispose() => _http.Dispose();
}
