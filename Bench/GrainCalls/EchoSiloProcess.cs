using IngestionCluster.ServiceDefaults.Processes;
using IngestionCluster.Tests.Fixtures;

namespace IngestionCluster.Bench.GrainCalls;

/// <summary>This benchmark's own executable run as an echo silo (<see cref="EchoSiloCommand"/>), guarded so it ends with the bench.</summary>
public sealed class EchoSiloProcess : IAsyncDisposable
{
    private static readonly TimeSpan _startTimeout = TimeSpan.FromSeconds(60);
    private readonly GuardedProcess _process;
    private readonly TempDirectory _directory;

    private EchoSiloProcess(GuardedProcess process, TempDirectory directory)
    {
        _process = process;
        _directory = directory;
    }

    private string LogFile => _directory.Combine("silo.log");

    public static async Task<EchoSiloProcess> StartAsync(EchoSiloEndpoint endpoint, EchoPlacement placement)
    {
        var directory = new TempDirectory(endpoint.Name);
        var bench = Path.Combine(AppContext.BaseDirectory, typeof(EchoSiloProcess).Assembly.GetName().Name + ".dll");
        var process = GuardedProcess.Start(new GuardedProcessStartInfo("dotnet", ["exec", bench, EchoSiloCommand.Scenario, .. endpoint.ToArguments(), "--placement", placement.ToString()])
        {
            LogFile = directory.Combine("silo.log"),
            StopGracePeriod = TimeSpan.FromSeconds(10),
        });
        var silo = new EchoSiloProcess(process, directory);
        var deadline = DateTime.UtcNow + _startTimeout;
        while (!silo.Log().Contains(EchoSiloCommand.ReadyLine, StringComparison.Ordinal))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var log = silo.Log();
                await silo.DisposeAsync();
                throw new InvalidOperationException($"Echo silo {endpoint.Name} did not start:\n{log}");
            }
            await Task.Delay(100);
        }
        return silo;
    }

    public string Log() => ProcessLogFile.Read(LogFile);

    public async ValueTask DisposeAsync()
    {
        await _process.StopAsync();
        _directory.Dispose();
    }
}
