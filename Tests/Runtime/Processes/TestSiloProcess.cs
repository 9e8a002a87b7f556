using IngestionCluster.Runtime.Hosting;
using IngestionCluster.Tests.Runtime.TestGrains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Tests.Runtime.Processes;

/// <summary>The body of a silo process that hosts the runtime's test grains (configured by command-line settings).</summary>
public static class TestSiloProcess
{
    public const string Command = "runtime-silo";
    public const string ReadyLine = "SILO-READY";

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ");
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Services.AddSingleton<ActivationLedger>();
        builder.Services.AddSingleton<SiloIdentity>();
        builder.Services.AddSingleton(new RecordsTable(builder.Configuration["Test:RecordsConnectionString"] ?? string.Empty));
        builder.Services.AddIngestionSilo(builder.Configuration, grains => grains.AddFromAssembly(typeof(CounterGrain).Assembly));
        using var host = builder.Build();
        await host.StartAsync();
        var silo = host.Services.GetRequiredService<SiloRuntime>();
        await silo.WaitUntilStableAsync(TimeSpan.FromSeconds(60));
        Console.WriteLine($"{ReadyLine} {silo.SiloId}");
        await host.WaitForShutdownAsync();
        return 0;
    }
}
