using IngestionCluster.Runtime.Processes;
using IngestionCluster.Tests.Fixtures;

namespace IngestionCluster.Tests.Runtime.Processes;

/// <summary>A test silo run as a real child process (the test assembly in 'runtime-silo' mode), so it can be killed with SIGKILL.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly GuardedProcess _process;
    private readonly TempDirectory _directory;

    private SiloProcess(string siloId, GuardedProcess process, TempDirectory directory)
    {
        SiloId = siloId;
        _process = process;
        _directory = directory;
    }

    public string SiloId { get; }

    public string LogFile => _directory.Combine("silo.log");

    public static async Task<SiloProcess> StartAsync(string siloId, IReadOnlyDictionary<string, string> settings, TimeSpan timeout)
    {
        var directory = new TempDirectory("silo");
        var assembly = typeof(SiloProcess).Assembly.Location;
        var arguments = new List<string> { "exec", assembly, TestSiloProcess.Command, $"--Cluster:SiloId={siloId}" };
        arguments.AddRange(settings.Select(kv => $"--{kv.Key}={kv.Value}"));
        var process = GuardedProcess.Start(new GuardedProcessStartInfo("dotnet", arguments)
        {
            LogFile = directory.Combine("silo.log"),
            WorkingDirectory = directory.Path,
            StopGracePeriod = TimeSpan.FromSeconds(20),
        });
        var silo = new SiloProcess(siloId, process, directory);
        var deadline = DateTime.UtcNow + timeout;
        while (!silo.Log().Contains(TestSiloProcess.ReadyLine, StringComparison.Ordinal))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var log = silo.Log();
                await silo.DisposeAsync();
                throw new InvalidOperationException($"Silo process {siloId} did not become ready:\n{log}");
            }
            await Task.Delay(100);
        }
        return silo;
    }

    public string Log()
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    /// <summary>SIGKILL: no graceful anything.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.Exited;
    }

    public Task StopAsync() => _process.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _process.StopAsync();
        _directory.Dispose();
    }
}
