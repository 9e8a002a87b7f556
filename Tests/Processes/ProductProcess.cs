using System.Globalization;
using IngestionCluster.ServiceDefaults.Processes;
using IngestionCluster.Tests.Fixtures;

namespace IngestionCluster.Tests.Processes;

/// <summary>
/// The real Silo or Gateway executable as a child process, configured through <c>Section__Key</c>
/// environment variables like an operator would, ready once <c>/health</c> answers. Can be killed with SIGKILL.
/// </summary>
public sealed class ProductProcess : IAsyncDisposable
{
    private readonly GuardedProcess _process;
    private readonly TempDirectory _directory;

    private ProductProcess(string name, int port, GuardedProcess process, TempDirectory directory)
    {
        Name = name;
        HttpPort = port;
        _process = process;
        _directory = directory;
    }

    public string Name { get; }

    public int HttpPort { get; }

    /// <summary>The pid of the process's guard, whose descendants are the executable and everything it starts.</summary>
    public int ProcessGroupId => _process.ProcessGroupId;

    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}/");

    public string LogFile => _directory.Combine("process.log");

    /// <summary>A silo named <paramref name="name"/> (<c>Cluster__SiloName</c>) with Orleans ports of its own.</summary>
    public static Task<ProductProcess> StartSiloAsync(string name, IReadOnlyDictionary<string, string> settings) =>
        StartAsync("Silo", name, new Dictionary<string, string>(settings)
        {
            ["Cluster__SiloName"] = name,
            ["Cluster__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Cluster__GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
        });

    public static Task<ProductProcess> StartGatewayAsync(string name, IReadOnlyDictionary<string, string> settings) => StartAsync("Gateway", name, settings);

    /// <param name="workingFiles">Files (name, content) written to the process's working folder before it starts.</param>
    public static Task<ProductProcess> StartAsync(string executable, string name, IReadOnlyDictionary<string, string> settings, IReadOnlyDictionary<string, string>? workingFiles = null) =>
        StartDllAsync(Path.Combine(AppContext.BaseDirectory, executable + ".dll"), name, settings, workingFiles);

    /// <summary>The executable at <paramref name="dll"/> (a published build, say) instead of the one the tests were built with.</summary>
    public static async Task<ProductProcess> StartDllAsync(string dll, string name, IReadOnlyDictionary<string, string> settings, IReadOnlyDictionary<string, string>? workingFiles = null)
    {
        var executable = Path.GetFileNameWithoutExtension(dll);
        var directory = new TempDirectory(name);
        foreach (var (file, content) in workingFiles ?? new Dictionary<string, string>())
        {
            await File.WriteAllTextAsync(directory.Combine(file), content);
        }
        var port = FreePort.Next();
        var environment = new Dictionary<string, string>(settings)
        {
            ["Http__Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["ASPNETCORE_ENVIRONMENT"] = settings.GetValueOrDefault("ASPNETCORE_ENVIRONMENT", "Development"),
            ["Logging__LogLevel__Default"] = settings.GetValueOrDefault("Logging__LogLevel__Default", "Information"),
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
            ["Data__Dir"] = settings.GetValueOrDefault("Data__Dir", directory.Combine("data")),
        };
        // An empty value means "leave this variable unset" (e.g. to let a seed variable take its place).
        foreach (var unset in environment.Where(kv => kv.Value.Length == 0).Select(kv => kv.Key).ToList())
        {
            environment.Remove(unset);
        }
        var process = GuardedProcess.Start(new GuardedProcessStartInfo("dotnet", ["exec", dll])
        {
            Environment = environment,
            WorkingDirectory = directory.Path,
            LogFile = directory.Combine("process.log"),
            StopGracePeriod = TimeSpan.FromSeconds(20),
        });
        var started = new ProductProcess(name, port, process, directory);
        using var http = new HttpClient { BaseAddress = started.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            if (process.HasExited)
            {
                var log = started.Log();
                await started.DisposeAsync();
                throw new InvalidOperationException($"{executable} '{name}' exited during start-up:\n{log}");
            }
            try
            {
                if ((await http.GetAsync("health")).IsSuccessStatusCode)
                {
                    return started;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            if (DateTime.UtcNow > deadline)
            {
                var log = started.Log();
                await started.DisposeAsync();
                throw new TimeoutException($"{executable} '{name}' did not answer /health within 90 s:\n{log}");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Waits until <c>/health/ready</c> answers 200. A gateway answers <c>/health</c> while its cluster client is still
    /// connecting (and 503s requests meanwhile); ready means a grain call through it has succeeded.
    /// </summary>
    public async Task WaitUntilReadyAsync(TimeSpan? within = null)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(15) };
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(60));
        var last = "no answer";
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Name} was not ready in time; /health/ready last said: {last}\n{Log()}");
            }
            await Task.Delay(200);
        }
    }

    public string Log() => ProcessLogFile.Read(LogFile);

    public async Task KillAsync()
    {
        _process.Kill();
        await _process.Exited;
    }

    public Task StopAsync() => _process.StopAsync();

    /// <summary>SIGSTOP: the process keeps its connections open and answers nothing, like a silo stuck in a long pause, until <see cref="Resume"/>.</summary>
    public void Suspend() => _process.Suspend();

    public void Resume() => _process.Resume();

    public async ValueTask DisposeAsync()
    {
        await _process.StopAsync();
        _directory.Dispose();
    }
}
